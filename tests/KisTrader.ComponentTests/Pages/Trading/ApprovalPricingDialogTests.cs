using KisTrader.Core.InMemory;
using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using KisTrader.Testing.Ledger;

namespace KisTrader.ComponentTests.Pages.Trading;

/// <summary>Issue 15: the approval dialog shows the plan's price, the price the order would be sent at now (the best
/// ask of a buy) and the slippage bound, and says so when the market has moved beyond it.</summary>
public sealed class ApprovalPricingDialogTests : ComponentTest
{
    private readonly TickCache ticks = new();
    private readonly FakeMarketData market = new();
    private IRenderedComponent<MudBlazor.MudDialogProvider> dialogs = default!;

    public ApprovalPricingDialogTests()
    {
        Services.AddSingleton<IApprovalDecisions>(new FakeApprovalDecisions(Approvals, Clock));
        Services.AddSingleton<IGraphStore>(new FakeGraphStore());
        Services.AddSingleton<IOrderLedger>(new InMemoryOrderLedger());
        Services.AddSingleton(ticks);
        Services.AddSingleton<TickerNames>();
        Services.AddSingleton(new TradingOptions());
        AddPricer(Services, ticks, market, Clock);
    }

    /// <summary>The pricer as the app composes it, over the given realtime cache and REST fake, with the default bound.</summary>
    internal static void AddPricer(IServiceCollection services, TickCache ticks, IMarketData market, TimeProvider clock) =>
        services.AddSingleton(new MarketablePricer(ticks, new OrderBookCache(), market, () => FeedState.Connected, clock, new SlippageBound(), TimeSpan.FromSeconds(10)));

    private void PendingLimitBuy(decimal price) =>
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow().AddMinutes(-4)) with
        {
            Order = new PlannedOrder("005930", Side.Buy, 1, OrderPriceType.Limit, price, "test order", 0.7m),
        });

    private void Market(decimal ask, decimal bid) =>
        ticks.Update(new Tick("005930", Clock.GetUtcNow(), bid, 0, 0, 0, 0, 0, 1, 1, 0, ask, bid, 100, null, false));

    private void OpenApproveDialog()
    {
        SignIn(Roles.Admin);
        dialogs = RenderProviders();
        var cut = Render<ApprovalsPage>();
        cut.Find("[data-testid=approve]").Click();
        dialogs.WaitForElement("[data-testid=approval-pricing]");
    }

    [Fact]
    public void ApproveDialog_ShowsThePlansPrice_ThePriceItWouldSendNow_AndTheBound()
    {
        PendingLimitBuy(102_500m);
        Market(ask: 102_600m, bid: 102_500m);

        OpenApproveDialog();

        Assert.Equal("limit 102,500", dialogs.Find("[data-testid=pricing-plan]").TextContent.Trim());
        var now = dialogs.Find("[data-testid=pricing-now]");
        Assert.Equal(("true", "limit 102,600"), (now.GetAttribute("data-sendable"), now.TextContent.Trim()));
        Assert.Equal("2 tick(s) and 0.5% from the plan, the tighter applies: at most 102,700", dialogs.Find("[data-testid=pricing-bound]").TextContent.Trim());
        Assert.Contains("best ask 102,600", dialogs.Find("[data-testid=pricing-reason]").TextContent);
    }

    [Fact]
    public void ApproveDialog_MarketBeyondTheBound_SaysNothingWouldBeSent_AndByHowMuch()
    {
        PendingLimitBuy(102_500m);
        Market(ask: 103_300m, bid: 103_200m);

        OpenApproveDialog();

        Assert.Equal("false", dialogs.Find("[data-testid=pricing-now]").GetAttribute("data-sendable"));
        Assert.Contains("8 tick(s) (0.78%) above the plan's 102,500", dialogs.Find("[data-testid=pricing-reason]").TextContent);
    }

    [Fact]
    public void ApproveDialog_NoPriceAvailable_SaysTheOrderIsPricedWhenSent()
    {
        PendingLimitBuy(102_500m); // no tick, and the REST book fails

        OpenApproveDialog();

        Assert.Contains("priced when it is sent", dialogs.Find("[data-testid=pricing-error]").TextContent);
    }
}
