using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Execution;

/// <summary>Issue 15, "prices that fill": a limit order is sent at the best ask (buy) or bid (sell), from the realtime
/// cache when fresh and REST otherwise, never worse than the plan by more than the tighter of 2 ticks and 0.5%.</summary>
public sealed class MarketablePricerTests
{
    private const string Code = "005930";
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly SlippageBound Default = new();

    private readonly ShiftableClock _clock = new();
    private readonly TickCache _ticks = new();
    private readonly OrderBookCache _books = new();
    private readonly FakeMarket _market = new();
    private FeedState _feed = FeedState.Connected;

    private MarketablePricer Pricer(SlippageBound? bound = null) =>
        new(_ticks, _books, _market, () => _feed, _clock, bound ?? Default, TimeSpan.FromSeconds(10));

    private static PlannedOrder Limit(Side side, decimal price, string ticker = Code) =>
        new(ticker, side, 10, OrderPriceType.Limit, price, "plan", 0.7m);

    private static TopOfBook Top(decimal ask, decimal bid) => new(ask, bid, DateTimeOffset.UnixEpoch, TopOfBookSource.RealtimeTick);

    private Tick TickAt(DateTimeOffset at, decimal ask, decimal bid, string ticker = Code) =>
        new(ticker, at, (ask + bid) / 2, 0, 0, 0, 0, 0, 1, 1, 0, ask, bid, 100, null, false);

    [Fact]
    public void Buy_IsPricedAtTheBestAsk_WhenTheAskIsWithinTheBound()
    {
        var p = MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(ask: 102_600m, bid: 102_500m), Default, Today);

        Assert.True(p.Sendable, p.Reason);
        Assert.Equal(102_600m, p.Order.Price);
        Assert.Equal(102_500m, p.PlanPrice);
        Assert.Contains("best ask 102,600", p.Reason);
    }

    [Fact]
    public void Buy_TakesAnAskBelowThePlan()
    {
        var p = MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(ask: 102_000m, bid: 101_900m), Default, Today);

        Assert.True(p.Sendable);
        Assert.Equal(102_000m, p.Order.Price);
    }

    [Fact]
    public void Sell_IsPricedAtTheBestBid_WhenTheBidIsWithinTheBound()
    {
        var p = MarketablePricer.Decide(Limit(Side.Sell, 66_400m), Top(ask: 66_400m, bid: 66_300m), Default, Today);

        Assert.True(p.Sendable, p.Reason);
        Assert.Equal(66_300m, p.Order.Price);
        Assert.Contains("best bid 66,300", p.Reason);
    }

    [Fact]
    public void Buy_AskThreeTicksAbove_IsNotSent_BecauseTwoTicksIsTighterThanHalfAPercent()
    {
        // 3 ticks of 100 above 102,500 are 0.29%: inside 0.5%, outside 2 ticks. The tighter bound decides.
        var p = MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(ask: 102_800m, bid: 102_700m), Default, Today);

        Assert.False(p.Sendable);
        Assert.Equal(102_700m, p.WorstPrice);
        Assert.Contains("3 tick(s) (0.29%) above the plan's 102,500", p.Reason);
        Assert.Equal(RiskRejectCode.PriceMovedBeyondBound, p.Refusal().Code);
    }

    [Fact]
    public void Buy_TwoTicksAboveACheapStock_IsNotSent_BecauseHalfAPercentIsTighterThanTwoTicks()
    {
        // At 300 KRW a tick is 1 KRW: 2 ticks are 0.67%, 0.5% is 301.5 → 301 on the grid.
        var p = MarketablePricer.Decide(Limit(Side.Buy, 300m), Top(ask: 302m, bid: 301m), Default, Today);

        Assert.False(p.Sendable);
        Assert.Equal(301m, p.WorstPrice);
        Assert.Contains("2 tick(s) (0.67%)", p.Reason);
        Assert.True(MarketablePricer.Decide(Limit(Side.Buy, 300m), Top(ask: 301m, bid: 300m), Default, Today).Sendable);
    }

    [Fact]
    public void Buy_WithAWideTickBound_IsStillHeldToThePercent()
    {
        var bound = new SlippageBound(MaxTicks: 10, MaxPercent: 0.5m);

        // 0.5% of 102,500 is 103,012.5: 103,000 on the grid.
        Assert.True(MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(103_000m, 102_900m), bound, Today).Sendable);
        var refused = MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(103_100m, 103_000m), bound, Today);
        Assert.False(refused.Sendable);
        Assert.Contains("6 tick(s) (0.59%)", refused.Reason);
    }

    [Fact]
    public void Buy_TheMarketOfTheUsersReport_IsNotSent_AndTheReasonSaysByHowMuch()
    {
        // The plan said 102,500; the market was at 103,300 four minutes later.
        var p = MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(ask: 103_300m, bid: 103_200m), Default, Today);

        Assert.False(p.Sendable);
        Assert.Null(p.SendPrice);
        Assert.Equal("not sent: the best ask 103,300 is 8 tick(s) (0.78%) above the plan's 102,500, beyond the bound of 2 tick(s) and 0.5% " +
                     "(at most 102,700; realtime tick)", p.Reason);
    }

    [Fact]
    public void Sell_BidBelowTheBound_IsNotSent()
    {
        var p = MarketablePricer.Decide(Limit(Side.Sell, 66_400m), Top(ask: 66_200m, bid: 66_100m), Default, Today);

        Assert.False(p.Sendable);
        Assert.Equal(66_200m, p.WorstPrice);
        Assert.Contains("3 tick(s)", p.Reason);
        Assert.Contains("below the plan's 66,400", p.Reason);
    }

    [Theory]
    [InlineData(102_500, true, 102_700)]   // 2 ticks (0.2%) tighter than 0.5% (103,000)
    [InlineData(102_500, false, 102_300)]
    [InlineData(49_950, true, 50_100)]     // across the 50,000 band: 49,950 → 50,000 (tick 50) → 50,100 (tick 100)
    [InlineData(50_000, false, 49_900)]    // down across it: 49,950, 49,900
    [InlineData(1_999, true, 2_005)]       // 2 ticks: 2,000 then 2,005 (5 KRW from 2,000 up); 0.5% is 2,008.995 → 2,005 on that grid
    [InlineData(300, false, 299)]          // 0.5% below 300 is 298.5 → 299 on the grid, tighter than 2 ticks (298)
    public void WorstPrice_IsOnTheTickGrid_AndTheTighterOfTicksAndPercent(int plan, bool buy, int worst)
    {
        var w = MarketablePricer.WorstPrice(plan, buy, Default, Today);

        Assert.Equal(worst, w);
        Assert.True(KrxRules.IsOnTick(w, date: Today));
    }

    [Fact]
    public async Task FreshRealtimeTick_PricesTheOrder_WithoutARestCall()
    {
        _ticks.Update(TickAt(_clock.GetUtcNow().AddSeconds(-2), ask: 102_600m, bid: 102_500m));

        var p = await Pricer().PriceAsync(Limit(Side.Buy, 102_500m));

        Assert.Equal((true, 102_600m, TopOfBookSource.RealtimeTick), (p.Sendable, p.Order.Price!.Value, p.Source));
        Assert.Equal(0, _market.OrderBookReads);
    }

    [Fact]
    public async Task FreshRealtimeOrderBook_IsPreferredToTheTick()
    {
        var now = _clock.GetUtcNow();
        _ticks.Update(TickAt(now.AddSeconds(-1), ask: 102_700m, bid: 102_600m));
        _books.Update(FakeMarket.Book(Code, ask: 102_600m, bid: 102_500m, now.AddSeconds(-1)));

        var p = await Pricer().PriceAsync(Limit(Side.Buy, 102_500m));

        Assert.Equal((102_600m, TopOfBookSource.RealtimeOrderBook), (p.Order.Price!.Value, p.Source));
        Assert.Equal(0, _market.OrderBookReads);
    }

    [Fact]
    public async Task StaleRealtimeTick_FallsBackToOneRestOrderBookRead()
    {
        var now = _clock.GetUtcNow();
        _ticks.Update(TickAt(now.AddMinutes(-4), ask: 102_500m, bid: 102_400m));
        _market.Books[Code] = FakeMarket.Book(Code, ask: 102_700m, bid: 102_600m, now);

        var p = await Pricer().PriceAsync(Limit(Side.Buy, 102_500m));

        Assert.Equal((true, 102_700m, TopOfBookSource.RestOrderBook), (p.Sendable, p.Order.Price!.Value, p.Source));
        Assert.Equal(1, _market.OrderBookReads);
    }

    [Fact]
    public async Task DisconnectedFeed_IsNotTrusted_EvenWithARecentTick()
    {
        var now = _clock.GetUtcNow();
        _ticks.Update(TickAt(now.AddSeconds(-1), ask: 102_500m, bid: 102_400m));
        _market.Books[Code] = FakeMarket.Book(Code, ask: 103_300m, bid: 103_200m, now);
        _feed = FeedState.Reconnecting;

        var p = await Pricer().PriceAsync(Limit(Side.Buy, 102_500m));

        Assert.False(p.Sendable);
        Assert.Equal(TopOfBookSource.RestOrderBook, p.Source);
        Assert.Contains("REST order book", p.Reason);
    }

    [Fact]
    public async Task MarketOrder_IsLeftAsPlanned_WithoutLookingAtTheBook()
    {
        var order = new PlannedOrder(Code, Side.Sell, 5, OrderPriceType.Market, null, "stop-loss", 0.7m);

        var p = await Pricer().PriceAsync(order);

        Assert.True(p.Sendable);
        Assert.Same(order, p.Order);
        Assert.Equal(0, _market.OrderBookReads);
    }

    [Fact]
    public async Task ConditionalLimit_IsADeliberatelyPassiveOrder_AndIsSentAtItsPrice()
    {
        _ticks.Update(TickAt(_clock.GetUtcNow(), ask: 103_300m, bid: 103_200m));
        var order = new PlannedOrder(Code, Side.Buy, 5, OrderPriceType.ConditionalLimit, 90_000m, "resting bid", 0.5m);

        var p = await Pricer().PriceAsync(order);

        Assert.True(p.Sendable);
        Assert.Equal(90_000m, p.Order.Price);
    }

    [Fact]
    public void EmptyAskSide_SendsAtThePlansPrice()
    {
        var p = MarketablePricer.Decide(Limit(Side.Buy, 102_500m), Top(ask: 0m, bid: 102_400m), Default, Today);

        Assert.True(p.Sendable);
        Assert.Equal(102_500m, p.Order.Price);
        Assert.Contains("no best ask", p.Reason);
    }
}
