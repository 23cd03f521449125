using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Testing;
using KisTrader.Tests.Core.Reflection.Fakes;
using static KisTrader.Tests.Core.Reflection.Fakes.ReflectionTrades;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>Trades on Monday 2026-11-02; the 7th trading day after is Wednesday 11-11.</summary>
public sealed class PnlFollowUpTests
{
    private static readonly DateOnly[] TradingDays =
        [new(2026, 11, 3), new(2026, 11, 4), new(2026, 11, 5), new(2026, 11, 6), new(2026, 11, 9), new(2026, 11, 10), new(2026, 11, 11)];

    private static FakeBars Bars(string ticker, decimal seventhClose, int count = 7)
    {
        var bars = new FakeBars();
        for (var i = 0; i < count; i++) bars.Add(ticker, TradingDays[i], i == 6 ? seventhClose : 10_000m + i);
        return bars;
    }

    [Fact]
    public async Task A_buy_earns_the_move_to_the_seventh_close_net_of_both_commissions_and_the_notional_sell_tax()
    {
        var store = new MemoryTradeStore(Buy("b", "005930", 10, 10_000m, Kst(2026, 11, 2)));
        var result = await new PnlFollowUp(store, Bars("005930", 11_000m), new ManualTimeProvider(Kst(2026, 11, 12, 9))).RunAsync();
        // 10 × 1,000 − 15 (buy 100,000) − 16 (sell 110,000 × 0.015%) − 220 (tax 0.20%)
        Assert.Equal(9_749m, store.Trades["b"].Pnl7Days);
        Assert.Equal((1, 0, 1), (result.Updated7Days, result.Updated30Days, result.Pending)); // the 30-day figure waits
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task A_sell_earns_the_move_it_avoided_net_of_its_own_commission_and_tax()
    {
        var store = new MemoryTradeStore(Sell("s", "005930", 10, 10_000m, Kst(2026, 11, 2)));
        await new PnlFollowUp(store, Bars("005930", 9_000m), new ManualTimeProvider(Kst(2026, 11, 12, 9))).RunAsync();
        // 10 × 1,000 − 15 − 200 (tax on 100,000)
        Assert.Equal(9_785m, store.Trades["s"].Pnl7Days);
    }

    [Fact]
    public async Task Todays_bar_counts_only_after_the_close_at_half_past_three()
    {
        var store = new MemoryTradeStore(Buy("b", "005930", 10, 10_000m, Kst(2026, 11, 2)));
        var bars = Bars("005930", 11_000m);
        var before = await new PnlFollowUp(store, bars, new ManualTimeProvider(Kst(2026, 11, 11, 15, 29))).RunAsync();
        Assert.Equal((0, 1), (before.Updated7Days, before.Pending));
        Assert.Null(store.Trades["b"].Pnl7Days);

        var after = await new PnlFollowUp(store, bars, new ManualTimeProvider(Kst(2026, 11, 11, 15, 30))).RunAsync();
        Assert.Equal(1, after.Updated7Days);
        Assert.Equal(9_749m, store.Trades["b"].Pnl7Days);
    }

    [Fact]
    public async Task A_trade_whose_bars_are_missing_stays_pending()
    {
        var store = new MemoryTradeStore(Buy("b", "005930", 10, 10_000m, Kst(2026, 11, 2)));
        var result = await new PnlFollowUp(store, Bars("005930", 11_000m, count: 5), new ManualTimeProvider(Kst(2026, 11, 20, 16))).RunAsync();
        Assert.Equal((0, 1), (result.Updated7Days, result.Pending));
        Assert.Null(store.Trades["b"].Pnl7Days);
    }

    [Fact]
    public async Task A_ticker_whose_bars_fail_is_reported_and_the_others_are_still_filled()
    {
        var store = new MemoryTradeStore(
            Buy("b", "005930", 10, 10_000m, Kst(2026, 11, 2)),
            Buy("x", "000660", 1, 200_000m, Kst(2026, 11, 2)));
        var bars = Bars("005930", 11_000m);
        bars.Failing.Add("000660");
        var result = await new PnlFollowUp(store, bars, new ManualTimeProvider(Kst(2026, 11, 12, 9))).RunAsync();
        Assert.Equal(1, result.Updated7Days);
        Assert.Contains(result.Errors, e => e.StartsWith("000660: daily bars could not be read"));
        Assert.Equal(9_749m, store.Trades["b"].Pnl7Days);
    }

    [Fact]
    public async Task Trades_already_filled_and_trades_too_young_cost_no_broker_call()
    {
        var store = new MemoryTradeStore(
            Buy("done", "005930", 1, 10_000m, Kst(2026, 9, 1)) with { Pnl7Days = 1m, Pnl30Days = 2m },
            Buy("young", "000660", 1, 200_000m, Kst(2026, 11, 10)));
        var bars = new FakeBars();
        var result = await new PnlFollowUp(store, bars, new ManualTimeProvider(Kst(2026, 11, 12, 16))).RunAsync();
        Assert.Equal(0, bars.Calls);
        Assert.Equal(1, result.Pending);
        Assert.True(store.PnlUpdates.IsEmpty);
    }

    [Fact]
    public async Task The_thirty_day_figure_uses_the_thirtieth_close()
    {
        var store = new MemoryTradeStore(Buy("b", "005930", 10, 10_000m, Kst(2026, 11, 2)));
        var bars = new FakeBars();
        var day = new DateOnly(2026, 11, 3);
        var calendar = new KisTrader.Core.Market.KrxCalendar();
        for (var n = 1; n <= 30; day = day.AddDays(1))
        {
            if (!calendar.IsTradingDay(day)) continue;
            bars.Add("005930", day, n == 30 ? 9_000m : 10_000m);
            n++;
        }
        var result = await new PnlFollowUp(store, bars, new ManualTimeProvider(Kst(2026, 12, 30, 9))).RunAsync();
        Assert.Equal((1, 1, 0), (result.Updated7Days, result.Updated30Days, result.Pending));
        // 10 × −1,000 − 15 − 13 (90,000 × 0.015% = 13.5) − 180 (tax)
        Assert.Equal(-10_208m, store.Trades["b"].Pnl30Days);
        Assert.Contains(store.PnlUpdates, u => u.Horizon == PnlHorizon.ThirtyDays);
    }
}
