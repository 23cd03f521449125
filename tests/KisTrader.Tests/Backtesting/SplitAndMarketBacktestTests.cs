using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Backtesting;

/// <summary>
/// A planted 1:50 split (effective Monday 2026-11-30) in CSV bars with adj_close: the analysis sees split-adjusted prices
/// (no false crash), as of each step (no look-ahead of a later split), and orders fill at the raw prices that traded
/// (the split day's limits around the previous close on the new basis). The stored market (KONEX here) decides the
/// sell tax.
/// </summary>
public sealed class SplitAndMarketBacktestTests
{
    private const string Ticker = "123450";

    private const string Csv = """
        code,date,open,high,low,close,volume,adj_close,market
        123450,2026-11-23,2500000,2520000,2480000,2500000,1000,50000,KONEX
        123450,2026-11-24,2500000,2550000,2490000,2540000,1000,50800,KONEX
        123450,2026-11-25,2540000,2560000,2500000,2520000,1000,50400,KONEX
        123450,2026-11-26,2520000,2530000,2490000,2500000,1000,50000,KONEX
        123450,2026-11-27,2500000,2510000,2480000,2490000,1000,49800,KONEX
        123450,2026-11-30,50000,50500,49700,50200,50000,50200,KONEX
        123450,2026-12-01,50200,50600,50000,50400,50000,50400,KONEX
        123450,2026-12-02,50400,50700,50100,50500,50000,50500,KONEX
        123450,2026-12-03,50500,50800,50200,50600,50000,50600,KONEX
        123450,2026-12-04,50600,50900,50300,50700,50000,50700,KONEX
        """;

    private static readonly DateOnly SplitDay = new(2026, 11, 30);

    private static async Task<(InMemoryMarketHistory Store, HistoryCsvResult Parsed)> ImportAsync()
    {
        var parsed = HistoryCsv.Parse(new StringReader(Csv), "split.csv", BarFixture.Kst(2026, 12, 5, 9));
        Assert.True(parsed.Ok, string.Join("; ", parsed.Errors));
        var store = new InMemoryMarketHistory();
        await store.UpsertInstrumentsAsync([.. parsed.Markets.Select(m => new HistoryInstrument(m.Key, m.Value, "csv:split.csv", BarFixture.Kst(2026, 12, 5, 9)))]);
        await store.UpsertAsync(parsed.Bars);
        return (store, parsed);
    }

    private static async Task<BarHistory> LoadAsync(DateOnly from, DateOnly to)
    {
        var (store, _) = await ImportAsync();
        var bars = await BacktestBars.LoadAsync(store, new BacktestRequest { From = from, To = to, WarmUpDays = 10 });
        return bars.History;
    }

    [Fact]
    public async Task Csv_adj_close_sets_the_adjusted_prices_and_the_market_column_the_instruments_market()
    {
        var (_, parsed) = await ImportAsync();
        var before = parsed.Bars.Single(b => b.Date == new DateOnly(2026, 11, 24));
        Assert.Equal((2_500_000m, 2_550_000m, 2_490_000m, 2_540_000m), (before.Open, before.High, before.Low, before.Close));
        Assert.Equal((50_000m, 51_000m, 49_800m, 50_800m), (before.AdjustedOpen, before.AdjustedHigh, before.AdjustedLow, before.AdjustedClose));
        Assert.Equal(new Dictionary<string, KrxMarket> { [Ticker] = KrxMarket.Konex }, parsed.Markets);
    }

    [Fact]
    public async Task Data_quality_reports_the_split_as_a_corporate_action_not_as_a_move_beyond_the_limit()
    {
        var (_, parsed) = await ImportAsync();
        var report = new DataQualityChecker(BarFixture.Calendar).Check(Ticker, parsed.Bars);

        Assert.Equal(0, report[DataQualityCheck.BeyondDailyLimit].Count);
        Assert.Equal([SplitDay], report.CorporateActions.Select(a => a.Date));
        Assert.True(report.IsClean);

        // The same raw move without an adjustment that explains it is an error.
        var unexplained = new DataQualityChecker(BarFixture.Calendar).Check(Ticker, parsed.Bars.Select(b => b with
        {
            AdjustedOpen = b.Open, AdjustedHigh = b.High, AdjustedLow = b.Low, AdjustedClose = b.Close,
        }));
        Assert.Equal(1, unexplained[DataQualityCheck.BeyondDailyLimit].Count);
        Assert.Empty(unexplained.CorporateActions);
    }

    [Fact]
    public async Task The_analysis_sees_split_adjusted_bars_after_the_split_and_raw_ones_before_it()
    {
        var history = await LoadAsync(new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 4));
        var clock = new KisTrader.Testing.ManualTimeProvider(BarFixture.Kst(2026, 12, 4, 16));
        var market = new HistoricalMarketData(history, clock, BarFixture.Calendar);

        var after = await market.GetBarsAsync(Ticker, new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 4));
        Assert.Equal([50_000m, 50_800m, 50_400m, 50_000m, 49_800m, 50_200m, 50_400m, 50_500m, 50_600m, 50_700m], after.Select(b => b.Close));
        // No false crash: no day-over-day move beyond 2% in what the indicators read.
        Assert.All(after.Zip(after.Skip(1)), p => Assert.InRange(p.Second.Close / p.First.Close, 0.98m, 1.02m));

        // On the Friday before, the split is not known yet: the bars are the raw prices that traded (no look-ahead).
        clock.SetUtcNow(BarFixture.Kst(2026, 11, 27, 16));
        var before = await market.GetBarsAsync(Ticker, new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 4));
        Assert.Equal([2_500_000m, 2_540_000m, 2_520_000m, 2_500_000m, 2_490_000m], before.Select(b => b.Close));

        // On the split day the quote is the raw open, priced against the previous close on the new basis (49,800).
        clock.SetUtcNow(BarFixture.Kst(2026, 11, 30, 10));
        var quote = await market.GetQuoteAsync(Ticker);
        Assert.Equal((50_000m, 49_800m), (quote.Price, quote.BasePrice));
        Assert.InRange(quote.Price, quote.LowerLimit, quote.UpperLimit);
    }

    [Fact]
    public async Task Orders_fill_at_the_raw_prices_that_traded_before_and_on_the_split_day()
    {
        var account = new SimulatedBrokerOptions { InitialCash = 30_000_000m };
        var early = await new BuyAndHoldStrategy().RunAsync(await LoadAsync(new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 4)),
            new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 4), BarFixture.Calendar, account);
        var onSplit = await new BuyAndHoldStrategy().RunAsync(await LoadAsync(SplitDay, new DateOnly(2026, 12, 4)),
            SplitDay, new DateOnly(2026, 12, 4), BarFixture.Calendar, account);

        // floor(30,000,000 / (2,500,000 × 1.00015)) = 11 shares at the raw open; on the split day floor(30,000,000 / 50,007.5) = 599.
        Assert.Equal([(Side.Buy, 11L, 2_500_000m)], early.Fills.Select(f => (f.Side, f.Quantity, f.Price)));
        Assert.Equal([(Side.Buy, 599L, 50_000m)], onSplit.Fills.Select(f => (f.Side, f.Quantity, f.Price)));

        // Held across the split: 11 shares become 550, so the equity follows the price, not a 98% crash.
        var lastClose = 50_700m;
        Assert.Equal(550 * lastClose, early.Equity[^1].SecuritiesValue);
        Assert.All(early.Equity.Zip(early.Equity.Skip(1)), p => Assert.InRange(p.Second.Equity / p.First.Equity, 0.95m, 1.05m));
    }

    [Fact]
    public async Task The_stored_market_decides_the_instrument_and_its_sell_tax()
    {
        var history = await LoadAsync(SplitDay, new DateOnly(2026, 12, 4));
        Assert.Equal(KrxMarket.Konex, history.Instrument(Ticker).Market);

        var result = await new BuyAndHoldStrategy(new BuyAndHoldOptions { LiquidateAtEnd = true }).RunAsync(history, SplitDay, new DateOnly(2026, 12, 4),
            BarFixture.Calendar, new SimulatedBrokerOptions { InitialCash = 30_000_000m });

        var sale = result.Fills.Single(f => f.Side == Side.Sell);
        // KONEX's sell tax is 0.10% in 2026 (KOSPI and KOSDAQ 0.20%).
        Assert.Equal(Math.Floor(sale.Amount * 0.0010m), sale.Tax);
    }

    [Fact]
    public void Rounded_adjusted_prices_do_not_make_a_split_of_every_day_only_the_real_change_counts()
    {
        var bars = BarFixture.Parse("""
            code,date,open,high,low,close,volume
            123450,2026-11-26,3000,3000,3000,3000,1
            123450,2026-11-27,3001,3001,3001,3001,1
            123450,2026-11-30,1000,1000,1000,1000,1
            """);
        // Adjusted closes 1000 and 1000 (3001 / 3 rounded): factors 3 and 3.001, then 1 from the 1:3 split.
        var history = new BarHistory(bars, adjustmentFactors: new Dictionary<string, IReadOnlyList<decimal>> { [Ticker] = [3m, 3.001m, 1m] });

        Assert.Equal(1m, history.SplitRatio(Ticker, new DateOnly(2026, 11, 27)));
        Assert.Equal(3m, history.SplitRatio(Ticker, SplitDay));
        Assert.Equal(1000.33m, history.PreviousClose(Ticker, SplitDay)); // 3001 on the new basis
    }
}
