using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Orders;

namespace KisTrader.Tests.Execution;

public sealed class DailySummaryTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    // 10:00 KST on Day.
    private static readonly DateTimeOffset Morning = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    private static LedgerOrder Order(string id, Side side, long qty, long filled, decimal? avg, LedgerOrderStatus status, DateTimeOffset at) =>
        new(id, at, at, "005930", side, qty, OrderPriceType.Limit, 70_000m, status, "00950", "0000000" + id, filled, avg, "run", null, "why", null);

    private static GraphRun Run(RunStatus status, DateTimeOffset at) =>
        new(Guid.NewGuid().ToString("N"), "operational", "schedule", status, at, at.AddSeconds(3), null, "{}", "s", null);

    [Fact]
    public void Build_CountsTheDaysOrdersByOutcome_AndTradedValueBySide()
    {
        var orders = new[]
        {
            Order("1", Side.Buy, 10, 10, 70_000m, LedgerOrderStatus.Filled, Morning),
            Order("2", Side.Sell, 5, 3, 71_000m, LedgerOrderStatus.Cancelled, Morning.AddMinutes(10)),
            Order("3", Side.Buy, 4, 0, null, LedgerOrderStatus.Cancelled, Morning.AddMinutes(20)),
            Order("4", Side.Buy, 4, 0, null, LedgerOrderStatus.Rejected, Morning.AddMinutes(30)),
            Order("5", Side.Buy, 4, 0, null, LedgerOrderStatus.Unknown, Morning.AddMinutes(40)),
        };
        var s = DailySummary.Build(Day, orders, [Run(RunStatus.Completed, Morning), Run(RunStatus.Failed, Morning.AddMinutes(10))]);

        Assert.Equal((2, 1, 5, 2, 1, 1, 1), (s.Runs, s.FailedRuns, s.Orders, s.Filled, s.Cancelled, s.Rejected, s.Unresolved));
        Assert.Equal(700_000m, s.BoughtKrw);
        Assert.Equal(213_000m, s.SoldKrw);
        Assert.Contains("1 UNRESOLVED", s.Lines[0]);
        Assert.Contains(s.Lines, l => l.StartsWith("10:10 Sell 3/5 005930", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_UsesTheKoreanDay_NotTheUtcDay()
    {
        // 23:30 UTC on the 19th is 08:30 KST on the 20th: it belongs to the 20th.
        var lateUtc = new DateTimeOffset(2026, 11, 19, 23, 30, 0, TimeSpan.Zero);
        // 15:30 UTC on the 20th is 00:30 KST on the 21st: not the 20th.
        var nextKstDay = new DateTimeOffset(2026, 11, 20, 15, 30, 0, TimeSpan.Zero);
        var s = DailySummary.Build(Day,
            [Order("1", Side.Buy, 1, 1, 100m, LedgerOrderStatus.Filled, lateUtc), Order("2", Side.Buy, 1, 1, 100m, LedgerOrderStatus.Filled, nextKstDay)],
            [Run(RunStatus.Completed, nextKstDay)]);

        Assert.Equal(1, s.Orders);
        Assert.Equal(0, s.Runs);
    }
}
