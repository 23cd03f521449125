using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Live;

namespace KisTrader.Ml.Tests;

/// <summary>The equality: the same (ticker, session) features from the training path (DatasetBuilder over store
/// rows), the backtest path (FeatureHistory over BacktestBars) and the live path (LiveFeatures over the history store,
/// as the scorer computes them during the next session).</summary>
public sealed class LiveFeaturePathTests
{
    [Fact]
    public async Task Training_backtest_and_the_live_scorers_features_are_equal_for_the_same_ticker_and_session()
    {
        var rows = SyntheticMarket.Generate(seed: 11, instruments: 5, sessions: 300, pattern: true);
        var days = SyntheticMarket.TradingDays(300);
        var store = new InMemoryMarketHistory();
        await store.UpsertAsync(rows);
        var live = new LiveFeatures(store, new DailyFeatures());
        var training = new DatasetBuilder(new DailyFeatures()).Build(FeatureHistory.FromRows(rows), days[0], days[^1]);
        var kosdaq = rows.Where(b => b.Ticker == MarketIndexes.Kosdaq).OrderBy(b => b.Time).Select(b => b.ToBar()).ToList();
        var backtest = FeatureHistory.FromBacktest(BacktestBars.FromRows(rows, new BacktestRequest { From = days[0], To = days[^1], WarmUpDays = 0 }), kosdaq);
        var compared = 0;
        foreach (var i in new[] { 30, 150, 260, 280 })
        {
            var session = days[i];
            // The live decision is taken during the next session, before its close: it sees the session as the last closed one.
            var decision = KrxCalendar.OpenOn(days[i + 1]).AddMinutes(75);
            var (liveRows, missing) = await live.ComputeAsync(backtest.Instruments.Tickers, decision);
            Assert.Empty(missing);
            foreach (var row in liveRows)
            {
                Assert.Equal(session, row.Session);
                var trained = training.Rows.Single(r => r.Ticker == row.Ticker && r.Date == session);
                Assert.Equal(trained.Features, row.Values);
                Assert.Equal(trained.Features, new DailyFeatures().Compute(backtest.InputAt(row.Ticker, KrxCalendar.CloseOn(session))));
                compared++;
            }
        }
        Assert.Equal(4 * 5, compared);
    }

    [Fact]
    public async Task Live_features_leave_out_a_ticker_without_history_or_with_history_too_old()
    {
        var rows = SyntheticMarket.Generate(seed: 12, instruments: 2, sessions: 60, pattern: false);
        var days = SyntheticMarket.TradingDays(60);
        var store = new InMemoryMarketHistory();
        // The second instrument stops 10 sessions before the end (no longer collected).
        var stale = rows.Select(b => b.Ticker).Where(MarketIndexes.IsInstrumentCode).Distinct().Order(StringComparer.Ordinal).Last();
        await store.UpsertAsync([.. rows.Where(b => b.Ticker != stale || b.Date <= days[^11])]);
        var live = new LiveFeatures(store, new DailyFeatures());

        var (found, missing) = await live.ComputeAsync(["100000", stale, "999990"], KrxCalendar.CloseOn(days[^1]).AddHours(18));

        Assert.Equal("100000", Assert.Single(found).Ticker);
        Assert.Contains(missing, m => m.StartsWith("999990: no daily bars", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith(stale + ": its last stored session is", StringComparison.Ordinal));
    }
}
