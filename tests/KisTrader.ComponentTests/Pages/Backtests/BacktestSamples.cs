using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.ComponentTests.Pages.Backtests;

/// <summary>A small stored backtest, written out by hand: three sessions over two months, one round trip.</summary>
internal static class BacktestSamples
{
    public static BacktestMetrics Metrics(double totalReturn, decimal ending) => new(
        100_000_000m, ending, 3, totalReturn, totalReturn * 2, 0.12, 1.25, 1.5, -0.031, 2, 1, 1.0, null, 412_000m, 0m, 0.8, 0.45, 3_100m, 7_200m);

    public static StoredBacktest Stored(string id = "bt1")
    {
        var t0 = new DateTimeOffset(2026, 1, 30, 9, 0, 0, KoreaTime.Offset);
        var report = new BacktestReport(
            new BacktestRequestSummary(new DateOnly(2026, 1, 30), new DateOnly(2026, 2, 3), ["005930"], "rules", "day", 100_000_000m,
                "Open", 1, 0.05m, 0.05m, 0.00015m, null, []),
            new BacktestDataRange(new DateOnly(2025, 10, 1), new DateOnly(2026, 2, 3), 80, new string('a', 64)),
            Metrics(0.0041, 100_410_000m), Metrics(0.012, 101_200_000m), null, "no index bars stored",
            3, 0,
            [new InstrumentContribution("005930", 410_000m, 0.0041, 10, 10, 0)],
            [new MonthlyReturn(2026, 1, -0.002, 0.001, null), new MonthlyReturn(2026, 2, 0.0061, 0.011, null)],
            [
                new DailyEquity(new DateOnly(2026, 1, 30), 99_800_000m, 7_000_000m, -0.002, 100_100_000m, null),
                new DailyEquity(new DateOnly(2026, 2, 2), 100_200_000m, 7_400_000m, 0, 100_900_000m, null),
                new DailyEquity(new DateOnly(2026, 2, 3), 100_410_000m, 0m, 0, 101_200_000m, null),
            ],
            [
                new BacktestOrder(1, t0, "005930", Side.Buy, 10, "Limit", 70_000m, "Filled", 10, 70_000m, "B1", "Rule trend_momentum: price above the 20-day average", null),
                new BacktestOrder(2, t0.AddDays(4), "005930", Side.Sell, 10, "Limit", 111_000m, "Filled", 10, 111_000m, "B2", "Rule take_profit: +58%", null),
            ],
            [
                new BacktestFill(1, "B1", "005930", Side.Buy, t0, 70_000m, 10, 100m, 0m, new DateOnly(2026, 2, 3)),
                new BacktestFill(2, "B2", "005930", Side.Sell, t0.AddDays(4), 111_000m, 10, 160m, 2_220m, new DateOnly(2026, 2, 5)),
            ]);
        return new StoredBacktest(id, new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), "1.0.0+test", report);
    }
}
