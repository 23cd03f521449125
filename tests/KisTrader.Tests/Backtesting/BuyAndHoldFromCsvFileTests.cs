using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.InMemory;

namespace KisTrader.Tests.Backtesting;

/// <summary>Acceptance, through the product's CSV parser: the committed file Data/year_end_2025.csv (the same bars as
/// <see cref="YearEndFixture"/>) read by <see cref="HistoryCsv"/> gives the hand calculation of
/// <see cref="BuyAndHoldBacktestTests"/> to the won, directly and through the <see cref="BacktestEngine"/> over a
/// market-history store.</summary>
public sealed class BuyAndHoldFromCsvFileTests
{
    private static readonly DateOnly From = new(2025, 12, 22);
    private static readonly DateOnly To = new(2026, 1, 7);
    private static readonly BacktestInstrument[] Instruments =
    [
        new("005930", "Samsung Electronics"), new("000660", "SK hynix"), new("035720", "Kakao-like (KOSDAQ)", KrxMarket.Kosdaq),
    ];

    private static IReadOnlyList<HistoryBar> Imported()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data", "year_end_2025.csv");
        using var reader = new StreamReader(path);
        var parsed = HistoryCsv.Parse(reader, path, DateTimeOffset.UnixEpoch);
        Assert.True(parsed.Ok, string.Join("; ", parsed.Errors));
        return parsed.Bars;
    }

    private static BarHistory History(IReadOnlyList<HistoryBar> bars) => new(
        bars.GroupBy(b => b.Ticker).ToDictionary(g => g.Key, g => (IReadOnlyList<Bar>)[.. g.OrderBy(b => b.Time).Select(b => b.ToBar(adjusted: false))]),
        Instruments);

    [Fact]
    public async Task BuyAndHold_OverTheImportedCsv_MatchesTheHandCalculation_ToTheWon()
    {
        var result = await new BuyAndHoldStrategy(new BuyAndHoldOptions { LiquidateAtEnd = true })
            .RunAsync(History(Imported()), From, To, BarFixture.Calendar, new SimulatedBrokerOptions { InitialCash = 30_000_000m });

        Assert.Equal([("000660", 83L, 120_000m, 1_494m), ("005930", 181L, 55_000m, 1_493m), ("035720", 242L, 41_250m, 1_497m)],
            result.Fills.Where(f => f.Side == Side.Buy).Select(f => (f.Ticker, f.Quantity, f.Price, f.Commission)));
        Assert.Equal([("000660", 83L, 131_500m, 1_637m, 21_829m), ("005930", 181L, 58_300m, 1_582m, 21_104m), ("035720", 242L, 39_800m, 1_444m, 19_263m)],
            result.Fills.Where(f => f.Side == Side.Sell).Select(f => (f.Ticker, f.Quantity, f.Price, f.Commission, f.Tax)));
        Assert.Equal(30_252_916m, result.Equity[0].Equity);
        Assert.Equal((98_016m, 31_129_557m), (result.Cash, result.CashD2));
        Assert.Equal((9_147m, 62_196m), (result.Metrics.Commission, result.Metrics.Tax));
    }

    [Fact]
    public async Task TheEngine_BuyAndHold_OverTheImportedStore_MatchesTheHandCalculation_ToTheWon()
    {
        var store = new InMemoryMarketHistory();
        await store.UpsertAsync([.. Imported()]);
        var request = new BacktestRequest
        {
            From = From, To = To, Engine = BacktestEngineKind.BuyAndHold, InitialCash = 30_000_000m, Slippage = SlippageModel.None,
        };
        var bars = await BacktestBars.LoadAsync(store, request, Instruments);
        var report = await new BacktestEngine().RunAsync(request, bars);

        // Held to the end (not liquidated): equity 98,016 + 31,098,400 at the last close; the calendar's unknown 2025
        // holidays (12-25, 12-31) and 01-01 come from the days without bars.
        Assert.Equal(10, report.Equity.Count);
        Assert.Equal(30_252_916m, report.Equity[0].Equity);
        Assert.Equal(31_196_416m, report.Metrics.EndingEquity);
        Assert.Equal((4_484m, 0m), (report.Metrics.Commission, report.Metrics.Tax));
        Assert.Equal(report.Metrics, report.BuyAndHold);
        Assert.Null(report.Index);
        Assert.StartsWith("not available", report.IndexNote);
        Assert.Equal(33, report.Data.Bars);
        Assert.Equal((new DateOnly(2025, 12, 19), To), (report.Data.FirstBar, report.Data.LastBar));
        Assert.Equal(3, report.Orders.Count);
        Assert.All(report.Orders, o => Assert.Equal("Filled", o.Status));
        // Contributions add up to the result: 31,196,416 − 30,000,000.
        Assert.Equal(1_196_416m, report.Contributions.Sum(c => c.Pnl));
        Assert.Equal(181L * 58_300m - 181L * 55_000m - 1_493m, report.Contributions.Single(c => c.Ticker == "005930").Pnl);
        Assert.Equal([(2025, 12), (2026, 1)], report.MonthlyReturns.Select(m => (m.Year, m.Month)));
    }
}
