using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Tests.Execution.Support;

namespace KisTrader.Tests.Execution;

/// <summary>The gateway sends a limit order at the marketable price of the moment (and records that price in the
/// intent), or not at all when the market moved beyond the slippage bound.</summary>
public sealed class OrderGatewayPricingTests
{
    private const string Code = "000660"; // FakeMarket: 20,000, tick 50

    private static (OrderGateway Gateway, TickCache Ticks) Priced(GatewayHarness h)
    {
        var ticks = new TickCache();
        var pricer = new MarketablePricer(ticks, new OrderBookCache(), h.Market, () => FeedState.Connected, h.Clock, new SlippageBound(), TimeSpan.FromSeconds(10));
        var gateway = new OrderGateway(new RiskEngine(GatewayHarness.Limits, new TradingCosts(0m)), h.Contexts, h.Recorder, h.Router, h.Account, h.Clock)
        {
            Pricer = pricer,
        };
        return (gateway, ticks);
    }

    private static Tick TopOfBook(DateTimeOffset at, decimal ask, decimal bid) =>
        new(Code, at, bid, 0, 0, 0, 0, 0, 1, 1, 0, ask, bid, 100, null, false);

    private static PlannedOrder Buy(decimal price) => new(Code, Side.Buy, 10, OrderPriceType.Limit, price, "momentum", 0.7m);

    [Fact]
    public async Task Submit_LimitBuy_IsSentAtTheBestAsk_AndTheIntentRecordsThatPrice()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (gateway, ticks) = Priced(h);
        ticks.Update(TopOfBook(h.Clock.GetUtcNow(), ask: 20_050m, bid: 20_000m));

        var result = await gateway.SubmitAsync(Buy(20_000m), "run-1", null);

        Assert.True(result.Sent, result.Verdict.Reason);
        Assert.Equal(20_050m, Assert.Single(h.Router.Placed).Price);
        Assert.Equal(20_050m, (await h.Ledger.GetAsync(result.OrderId!))!.LimitPrice);
        Assert.Equal((20_000m, 20_050m), (result.Pricing!.PlanPrice!.Value, result.Pricing.SendPrice!.Value));
        Assert.Contains("priced at the best ask 20,050", result.Verdict.Reason);
    }

    [Fact]
    public async Task Submit_MarketMovedBeyondTheBound_IsNotSent_NothingIsWritten_AndTheReasonSaysByHowMuch()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (gateway, ticks) = Priced(h);
        ticks.Update(TopOfBook(h.Clock.GetUtcNow(), ask: 20_400m, bid: 20_350m));

        var result = await gateway.SubmitAsync(Buy(20_000m), "run-1", null);

        Assert.False(result.Sent);
        Assert.Null(result.OrderId);
        Assert.Equal(RiskRejectCode.PriceMovedBeyondBound, result.Verdict.Code);
        Assert.Contains("the best ask 20,400 is 8 tick(s) (2%) above the plan's 20,000", result.Verdict.Reason);
        Assert.Empty(h.Router.Placed);
        Assert.Empty(await h.Ledger.ListByStatusAsync([LedgerOrderStatus.Intent, LedgerOrderStatus.Sent, LedgerOrderStatus.Rejected]));
    }

    [Fact]
    public async Task Submit_WhenHalted_SaysHalted_EvenWhenThePriceHasAlsoMovedBeyondTheBound()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (gateway, ticks) = Priced(h);
        ticks.Update(TopOfBook(h.Clock.GetUtcNow(), ask: 20_400m, bid: 20_350m));
        await h.Control.HaltAsync("admin", "test");

        var result = await gateway.SubmitAsync(Buy(20_000m), "run-1", null);

        Assert.Equal(RiskRejectCode.TradingHalted, result.Verdict.Code);
        Assert.Empty(h.Router.Placed);
    }

    [Fact]
    public async Task Submit_MarketOrder_IsSentUnpriced()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var (gateway, _) = Priced(h);

        var result = await gateway.SubmitAsync(new PlannedOrder(Code, Side.Buy, 10, OrderPriceType.Market, null, "momentum", 0.7m), "run-1", null);

        Assert.True(result.Sent, result.Verdict.Reason);
        Assert.Null(Assert.Single(h.Router.Placed).Price);
        Assert.Equal(0, h.Market.OrderBookReads);
    }
}
