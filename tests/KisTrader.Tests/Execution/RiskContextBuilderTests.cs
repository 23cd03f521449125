using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Tests.Execution.Support;

namespace KisTrader.Tests.Execution;

public sealed class RiskContextBuilderTests
{
    private static LedgerOrder Order(GatewayHarness h, string id, LedgerOrderStatus status, Side side = Side.Buy, long qty = 10, long filled = 0, DateTimeOffset? at = null)
    {
        var t = at ?? h.Clock.GetUtcNow();
        return new LedgerOrder(id, t, t, "000660", side, qty, OrderPriceType.Limit, 20_000m, status, "00950", id, filled, filled > 0 ? 20_000m : null, null, null, "t", null);
    }

    [Fact]
    public async Task Build_FetchesQuotesOnlyForTheOrdersTickers_AndTheUniverseIncludesHoldings()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var ctx = await h.Contexts.BuildAsync(["000660"], null);
        Assert.Equal(["000660"], ctx.Quotes.Keys);
        Assert.True(ctx.Universe.SetEquals(["000660", "005930"]));
        Assert.Equal(TradingMode.Active, ctx.Mode.Mode);
        Assert.Equal(10_000_000m, ctx.Portfolio.TotalEquity);
    }

    [Fact]
    public async Task Build_CountsOrdersThatReachedTheBrokerToday()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var yesterday = KoreaTime.StartOfDay(h.Clock.GetUtcNow()).AddMinutes(-1);
        await h.Ledger.AddAsync(Order(h, "1", LedgerOrderStatus.Filled, filled: 10));
        await h.Ledger.AddAsync(Order(h, "2", LedgerOrderStatus.Cancelled));
        await h.Ledger.AddAsync(Order(h, "3", LedgerOrderStatus.Unknown));
        await h.Ledger.AddAsync(Order(h, "4", LedgerOrderStatus.Rejected));
        await h.Ledger.AddAsync(Order(h, "5", LedgerOrderStatus.Filled, filled: 10, at: yesterday));
        Assert.Equal(3, (await h.Contexts.BuildAsync([], null)).OrdersSentToday);
    }

    [Fact]
    public async Task Build_HoldsBackCashForOpenBuysTheBrokerDepositDoesNotShow()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Ledger.AddAsync(Order(h, "open", LedgerOrderStatus.PartiallyFilled, qty: 10, filled: 4));   // 6 × 20,000 left
        await h.Ledger.AddAsync(Order(h, "sell", LedgerOrderStatus.Sent, side: Side.Sell));
        await h.Ledger.AddAsync(Order(h, "done", LedgerOrderStatus.Filled, filled: 10));
        var ctx = await h.Contexts.BuildAsync([], null);
        Assert.Equal(9_000_000m - 120_000m, ctx.Portfolio.Cash);
        Assert.Equal(10_000_000m, ctx.Portfolio.TotalEquity);
        // The same open remainder counts toward the ticker's weight; the open sell does not.
        Assert.Equal(new Dictionary<string, decimal> { ["000660"] = 120_000m }, ctx.OpenBuyValue);
    }

    [Fact]
    public async Task Build_DayStartIsTheFirstEquitySeenToday_WeekStartTheEarliestMarkSinceMonday()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var today = DateOnly.FromDateTime(h.Clock.GetUtcNow().ToKst().DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        await h.Marks.MarkAsync(monday.AddDays(-1), 99_000_000m);   // last week: ignored
        if (monday < today) await h.Marks.MarkAsync(monday, 12_000_000m);

        var first = await h.Contexts.BuildAsync([], null);
        h.Account.Balance = FakeAccount.Account(8_000_000m, 10, 100_000m);
        var later = await h.Contexts.BuildAsync([], null);

        Assert.Equal(10_000_000m, first.EquityAtDayStart);
        Assert.Equal(10_000_000m, later.EquityAtDayStart);
        Assert.Equal(9_000_000m, later.Portfolio.TotalEquity);
        Assert.Equal(monday < today ? 12_000_000m : 10_000_000m, later.EquityAtWeekStart);
    }
}
