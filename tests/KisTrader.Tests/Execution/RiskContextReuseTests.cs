using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Rules;
using KisTrader.Tests.Execution.Support;

namespace KisTrader.Tests.Execution;

/// <summary>Issue 15, "fewer broker calls": the risk checks of a run reuse the run's balance read and take prices from
/// the realtime feed, without ever letting a reused read spend cash twice or sell shares twice.</summary>
public sealed class RiskContextReuseTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private static (RiskContextBuilder Builder, AccountSnapshots Balances) Reusing(GatewayHarness h)
    {
        var balances = new AccountSnapshots(h.Account, h.Clock, MaxAge);
        var builder = new RiskContextBuilder(h.Account, h.Market, h.Ledger, h.Modes, NoStrategyRules.Instance,
            new StaticTradingUniverse(["000660"]), h.Marks, h.Clock) { Balances = balances };
        return (builder, balances);
    }

    private static LedgerOrder Order(string id, DateTimeOffset at, LedgerOrderStatus status, Side side = Side.Buy, long qty = 10, long filled = 0,
        string ticker = "000660") =>
        new(id, at, at, ticker, side, qty, OrderPriceType.Limit, 20_000m, status, "00950", id, filled, filled > 0 ? 20_000m : null, null, null, "t", null);

    [Fact]
    public async Task Build_AfterTheRunsBalanceRead_DoesNotReadTheBalanceAgain_UntilTheReadIsTooOld()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (builder, balances) = Reusing(h);
        await balances.ReadAsync();

        await builder.BuildAsync(["000660"], null);
        await builder.BuildAsync(["000660"], null);
        Assert.Equal(1, h.Account.BalanceReads);

        h.Clock.Advance(MaxAge + TimeSpan.FromSeconds(1));
        await builder.BuildAsync(["000660"], null);
        Assert.Equal(2, h.Account.BalanceReads);
    }

    [Fact]
    public async Task Build_OnAReusedRead_HoldsBackABuyPlacedSince_EvenWhenItHasFilled()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (builder, balances) = Reusing(h);
        await balances.ReadAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        // Filled after the read: the balance read does not show the cash it took.
        await h.Ledger.AddAsync(Order("since", h.Clock.GetUtcNow(), LedgerOrderStatus.Filled, filled: 10));

        var ctx = await builder.BuildAsync([], null);

        Assert.Equal(9_000_000m - 200_000m, ctx.Portfolio.Cash);
        Assert.Equal(200_000m, ctx.OpenBuyValue["000660"]);
    }

    [Fact]
    public async Task Build_OnAReusedRead_HoldsBackWhatAnOlderBuyFilledSince_AndWhatIsStillOpen()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (builder, balances) = Reusing(h);
        await h.Ledger.AddAsync(Order("older", h.Clock.GetUtcNow().AddSeconds(-10), LedgerOrderStatus.Sent));
        await balances.ReadAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await h.Ledger.AddFillAsync(new LedgerFill("older", "x1", 3, 20_000m, h.Clock.GetUtcNow(), "notice")));

        var ctx = await builder.BuildAsync([], null);

        // 7 still open and 3 filled after the read, all at 20,000.
        Assert.Equal(9_000_000m - 200_000m, ctx.Portfolio.Cash);
    }

    [Fact]
    public async Task Build_OnAFreshRead_HoldsBackOnlyWhatIsOpen_AsBefore()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (builder, _) = Reusing(h);
        await h.Ledger.AddAsync(Order("done", h.Clock.GetUtcNow().AddSeconds(-10), LedgerOrderStatus.Filled, filled: 10));

        var ctx = await builder.BuildAsync([], null); // no read kept yet: this one reads the balance, which shows the fill

        Assert.Equal(9_000_000m, ctx.Portfolio.Cash);
    }

    [Fact]
    public async Task Build_OnAReusedRead_ASellPlacedSinceLowersTheSellableQuantity()
    {
        await using var h = await GatewayHarness.CreateAsync(); // FakeAccount holds 10 × 005930, all sellable
        var (builder, balances) = Reusing(h);
        await balances.ReadAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Ledger.AddAsync(Order("sell", h.Clock.GetUtcNow(), LedgerOrderStatus.Sent, Side.Sell, qty: 4, ticker: "005930"));
        await h.Ledger.AddAsync(Order("refused", h.Clock.GetUtcNow(), LedgerOrderStatus.Rejected, Side.Sell, qty: 5, ticker: "005930"));

        var ctx = await builder.BuildAsync([], null);

        Assert.Equal(6, ctx.Portfolio.Find("005930")!.SellableQuantity);
    }

    [Fact]
    public async Task Build_OnAReusedRead_SharesBoughtSinceAreSellable_SoGettingOutIsNeverRefused()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (builder, balances) = Reusing(h);
        await balances.ReadAsync(); // holds no 000660
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Ledger.AddAsync(Order("bought", h.Clock.GetUtcNow(), LedgerOrderStatus.Filled, filled: 10));

        var ctx = await builder.BuildAsync(["000660"], null);

        var position = ctx.Portfolio.Find("000660")!;
        Assert.Equal((10L, 10L, 0m), (position.Quantity, position.SellableQuantity, position.Value)); // its value is in OpenBuyValue
        Assert.Equal(200_000m, ctx.OpenBuyValue["000660"]);
    }

    [Fact]
    public async Task Build_OnAReusedRead_ReadsTheDaysOlderOrdersOnlyAsACount_YetCountsThemTowardTheDailyLimit()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var ledger = new ReadRecordingLedger(h.Ledger);
        var balances = new AccountSnapshots(h.Account, h.Clock, MaxAge);
        var builder = new RiskContextBuilder(h.Account, h.Market, ledger, h.Modes, NoStrategyRules.Instance,
            new StaticTradingUniverse(["000660"]), h.Marks, h.Clock) { Balances = balances };
        // Earlier today, whatever the time of day: the day's first minute holds them, and the clock is past it.
        var earlier = KoreaTime.StartOfDay(h.Clock.GetUtcNow());
        if (h.Clock.GetUtcNow() - earlier < TimeSpan.FromMinutes(1)) h.Clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 30; i++)
            await h.Ledger.AddAsync(Order($"old{i}", earlier.AddSeconds(i), i % 3 == 0 ? LedgerOrderStatus.Rejected : LedgerOrderStatus.Filled, filled: i % 3 == 0 ? 0 : 10));
        await balances.ReadAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Ledger.AddAsync(Order("since", h.Clock.GetUtcNow(), LedgerOrderStatus.Sent));

        var first = await builder.BuildAsync(["000660"], null);
        await h.Ledger.AddAsync(Order("next", h.Clock.GetUtcNow(), LedgerOrderStatus.Sent));
        var second = await builder.BuildAsync(["000660"], null);

        // 20 older orders reached the broker (10 were rejected), then one and two more: every one counts.
        Assert.Equal((21, 22), (first.OrdersSentToday, second.OrdersSentToday));
        // The open buys placed since the read hold their cash back.
        Assert.Equal(9_000_000m - 400_000m, second.Portfolio.Cash);
        // None of the day's older orders was read, nor the whole day at all.
        Assert.Equal(0, ledger.DayListings);
        Assert.DoesNotContain(ledger.Read, o => o.OrderId.StartsWith("old", StringComparison.Ordinal));
        Assert.All(ledger.Read, o => Assert.Null(o.Context));
    }

    [Fact]
    public async Task RiskQuotes_TakeTheDaysLimitsFromOneRestQuote_AndThePriceFromAFreshTick()
    {
        var clock = new Loopback.Support.ShiftableClock();
        var market = new FakeMarket(); // 000660: 20,000, base 20,000, limits 14,000..26,000, tick 50
        var ticks = new TickCache();
        var quotes = new RiskQuotes(ticks, market, () => FeedState.Connected, clock, TimeSpan.FromSeconds(10));

        var first = await quotes.GetAsync("000660");
        ticks.Update(new Tick("000660", clock.GetUtcNow(), 20_500m, 500m, 2.5m, 20_000m, 20_600m, 19_900m, 10, 5_000, 0, 20_550m, 20_500m, 100, null, false));
        var second = await quotes.GetAsync("000660");
        clock.Advance(TimeSpan.FromSeconds(30));
        await quotes.GetAsync("000660");

        Assert.Equal(20_000m, first.Price);
        Assert.Equal((20_500m, 26_000m, 14_000m, 50m), (second.Price, second.UpperLimit, second.LowerLimit, second.TickSize));
        Assert.Equal(2, market.QuoteReads); // the first, then again once the tick was 30 s old
    }
}
