using KisTrader.Core.Approvals;
using KisTrader.Core.Events;
using KisTrader.Web.Components.Layout;
using KisTrader.Web.Identity;

namespace KisTrader.ComponentTests.Layout;

public sealed class NavMenuTests : ComponentTest
{
    private static readonly string[] Everyone = ["nav-overview", "nav-approvals", "nav-runs", "nav-trades", "nav-reflection", "nav-prompts", "nav-market", "nav-data", "nav-backtests", "nav-models", "nav-system", "nav-audit", "nav-account"];

    [Fact]
    public void Viewer_SeesEveryPageButUsers()
    {
        SignIn(Roles.Viewer);
        var cut = Render<NavMenu>();
        foreach (var id in Everyone)
            Assert.Single(cut.FindAll($"[data-testid={id}]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-users]"));
    }

    [Fact]
    public void Admin_AlsoSeesUsers()
    {
        SignIn(Roles.Admin);
        var cut = Render<NavMenu>();
        Assert.Equal("/admin/users", cut.Find("[data-testid=nav-users]").GetAttribute("href"));
    }

    [Fact]
    public void ThePendingBadge_CountsWaitingApprovals_AndFollowsTheBus()
    {
        SignIn(Roles.Viewer);
        var cut = Render<NavMenu>();
        Assert.Empty(cut.FindAll("[data-testid=nav-pending-count]"));
        Approvals.Items.Add(Samples.Approval("a1", ApprovalStatus.Pending, Clock.GetUtcNow()));
        Approvals.Items.Add(Samples.Approval("a2", ApprovalStatus.Pending, Clock.GetUtcNow()));
        Approvals.Items.Add(Samples.Approval("a3", ApprovalStatus.Rejected, Clock.GetUtcNow()));
        cut.WaitForAssertion(() => Assert.Equal(1, Bus.Subscribers<ApprovalsChanged>()));
        Bus.Publish(new ApprovalsChanged("a1"));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=nav-pending-count]").TextContent.Trim()));
    }
}
