using KisTrader.Core.Approvals;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Trading;

public sealed class ApprovalsPageTests : ComponentTest
{
    private readonly FakeApprovalDecisions decisions;
    private IRenderedComponent<MudBlazor.MudDialogProvider> dialogs = default!;

    public ApprovalsPageTests()
    {
        decisions = new FakeApprovalDecisions(Approvals, Clock);
        Services.AddSingleton<IApprovalDecisions>(decisions);
        Services.AddSingleton<IGraphStore>(new FakeGraphStore());
        Services.AddSingleton<IOrderLedger>(new FakeLedger());
        Services.AddSingleton(new TickCache());
        Services.AddSingleton<TickerNames>();
        Services.AddSingleton(new TradingOptions());
        ApprovalPricingDialogTests.AddPricer(Services, new TickCache(), new FakeMarketData(), Clock);
    }

    private IRenderedComponent<ApprovalsPage> RenderPage(string role)
    {
        SignIn(role);
        dialogs = RenderProviders();
        return Render<ApprovalsPage>();
    }

    [Fact]
    public void NothingPending_AndNothingDecided_SaySo()
    {
        var cut = RenderPage(Roles.Viewer);
        Assert.Single(cut.FindAll("[data-testid=no-pending]"));
        Assert.Single(cut.FindAll("[data-testid=no-decided]"));
        Assert.Equal("0 pending", cut.Find("[data-testid=pending-count]").TextContent.Trim());
    }

    [Fact]
    public void APendingOrder_ShowsItsJustificationVerdictAndCountdown()
    {
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow().AddMinutes(-2)));
        var cut = RenderPage(Roles.Viewer);
        var card = cut.Find("[data-testid=pending-approval][data-approval=a1]");
        Assert.Equal("005930", card.GetAttribute("data-ticker"));
        Assert.Equal("test order", cut.Find("[data-testid=justification]").TextContent.Trim());
        Assert.Contains("PASSED", cut.Find("[data-testid=risk-verdict]").TextContent);
        Assert.Equal("expires in 8:00", cut.Find("[data-testid=countdown]").TextContent.Trim());
    }

    [Fact]
    public void Viewer_SeesNoApproveOrReject_ButANote()
    {
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow()));
        var cut = RenderPage(Roles.Viewer);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
        Assert.Empty(cut.FindAll("[data-testid=reject]"));
        Assert.Single(cut.FindAll("[data-testid=viewer-note]"));
    }

    [Fact]
    public void Approve_AsksForAReason_DecidesAsTheAdmin_AndMovesTheOrderToDecided()
    {
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow()));
        var cut = RenderPage(Roles.Admin);
        cut.Find("[data-testid=approve]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("fits the plan");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=decided-approval][data-approval=a1]")));
        Assert.Equal([("a1", true, AdminName, "fits the plan")], decisions.Decisions);
        Assert.Empty(cut.FindAll("[data-testid=pending-approval]"));
        Assert.Equal("Approved", cut.Find("[data-testid=decided-approval]").GetAttribute("data-status"));
        Assert.Equal(AdminName, cut.Find("[data-testid=decided-by]").TextContent.Trim());
        Snackbars.WaitForAssertion(() => Assert.Contains("Approval of 005930", Snackbars.Find("[data-testid=toast]").TextContent));
    }

    [Fact]
    public void Reject_Cancelled_DecidesNothing()
    {
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow()));
        var cut = RenderPage(Roles.Admin);
        cut.Find("[data-testid=reject]").Click();
        dialogs.WaitForElement("[data-testid=reason-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-input]")));
        Assert.Empty(decisions.Decisions);
        Assert.Single(cut.FindAll("[data-testid=pending-approval]"));
    }

    [Fact]
    public void TheDecidedList_IsPagedAndFilteredInTheStore()
    {
        for (var i = 0; i < 25; i++)
            Approvals.Items.Add(Samples.Approval($"d{i:00}", i % 5 == 0 ? ApprovalStatus.Rejected : ApprovalStatus.Approved, Clock.GetUtcNow().AddMinutes(-i)));
        var cut = RenderPage(Roles.Viewer);
        Assert.Equal(ApprovalsPage.DecidedPageSize, cut.FindAll("[data-testid=decided-approval]").Count);
        Assert.Equal("1–20 of 25", cut.Find("[data-testid=decided-range]").TextContent.Trim());
        Assert.Equal("d00", cut.FindAll("[data-testid=decided-approval]")[0].GetAttribute("data-approval"));
        cut.Find("[data-testid=decided-pager] button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=decided-approval]").Count));
    }
}
