using KisTrader.Core.InMemory;
using KisTrader.Core.Approvals;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using KisTrader.Testing.Ledger;

namespace KisTrader.ComponentTests.Pages.Trading;

public sealed class ApprovalsPageTests : ComponentTest
{
    private readonly FakeApprovalDecisions decisions;
    private IRenderedComponent<MudBlazor.MudDialogProvider> dialogs = default!;

    public ApprovalsPageTests()
    {
        decisions = new FakeApprovalDecisions(Approvals, Clock);
        Services.AddSingleton<IApprovalDecisions>(decisions);
        Services.AddSingleton<IOrderLedger>(new InMemoryOrderLedger());
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
    public void APendingOrder_ShowsThePlanItCameFrom_WithTheOtherOrdersAndTheirDecisionsSoFar()
    {
        var plan = new ProposalPlan("llm", "rotate into chips", [
            new ProposalPlanOrder(KisTrader.Core.Exchange.Side.Buy, "005930", 1, "awaiting approval", "a1"),
            new ProposalPlanOrder(KisTrader.Core.Exchange.Side.Buy, "000660", 2, "awaiting approval", "a2"),
            new ProposalPlanOrder(KisTrader.Core.Exchange.Side.Sell, "035420", 3, "OutsideDailyLimits: beyond the daily limit", null)]);
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow().AddMinutes(-2)) with { Plan = plan });
        Approvals.Items.Add(Samples.Approval("a2", ApprovalStatus.Rejected, Clock.GetUtcNow().AddMinutes(-2), ticker: "000660") with { Plan = plan });
        var cut = RenderPage(Roles.Viewer);

        var shown = cut.Find("[data-testid=pending-approval][data-approval=a1] [data-testid=approval-plan]");
        Assert.Contains("llm: rotate into chips", shown.TextContent);
        var orders = shown.QuerySelectorAll("li").Select(li => string.Join(" ", li.TextContent.Split((char[])null!, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["Buy 005930 × 1: awaiting approval", "Buy 000660 × 2: approval Rejected", "Sell 035420 × 3: OutsideDailyLimits: beyond the daily limit"], orders);
    }

    [Fact]
    public void AnApprovalStoredWithoutItsPlan_SaysThePlanIsNotAvailable()
    {
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow().AddMinutes(-2)));
        var cut = RenderPage(Roles.Viewer);
        Assert.Contains("the run's plan is not available", cut.Find("[data-testid=approval-plan]").TextContent);
    }

    [Fact]
    public void EachPendingProposal_ShowsHowOldItIs_AndAnOldOneStandsOut()
    {
        Approvals.Items.Add(Samples.Approval("fresh", ApprovalStatus.Pending, Clock.GetUtcNow().AddSeconds(-40)));
        Approvals.Items.Add(Samples.Approval("old", ApprovalStatus.Pending, Clock.GetUtcNow().AddMinutes(-4), ticker: "000660"));
        var cut = RenderPage(Roles.Viewer);

        var fresh = cut.Find("[data-testid=pending-approval][data-approval=fresh] [data-testid=approval-age]");
        var old = cut.Find("[data-testid=pending-approval][data-approval=old] [data-testid=approval-age]");
        Assert.Equal(("40 s old", "4 min old"), (fresh.TextContent.Trim(), old.TextContent.Trim()));
        Assert.DoesNotContain("kt-warn", fresh.ClassName ?? "");
        Assert.Contains("kt-warn", old.ClassName);
    }

    [Fact]
    public void ASupersededDecision_NamesTheNewerProposal_AndShowsHowLongAfterItsProposalItEnded()
    {
        var at = Clock.GetUtcNow().AddMinutes(-6);
        Approvals.Items.Add(Samples.Approval("old", ApprovalStatus.Superseded, at) with
        {
            DecidedAt = at.AddMinutes(2), SupersededBy = "newer-approval-id", DecisionReason = "superseded by the newer proposal newer-approval-id",
        });
        var cut = RenderPage(Roles.Viewer);

        var row = cut.Find("[data-testid=decided-approval][data-approval=old]");
        Assert.Equal("Superseded", row.GetAttribute("data-status"));
        Assert.Equal("newer-approval-id", row.QuerySelector("[data-testid=superseded-by]")!.GetAttribute("data-newer"));
        Assert.Equal("2 min", row.QuerySelector("[data-testid=decided-age]")!.TextContent.Trim());
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59, "59 s")]
    [InlineData(60, "1 min")]
    [InlineData(3599, "59 min")]
    [InlineData(3900, "1 h 5 min")]
    public void Age_IsInSecondsBelowAMinute_ThenMinutes_ThenHours(int seconds, string text) =>
        Assert.Equal(text, ApprovalsPage.Age(TimeSpan.FromSeconds(seconds)));

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
