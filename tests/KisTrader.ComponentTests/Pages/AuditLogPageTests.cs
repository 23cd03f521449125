using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Audit;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages;

public sealed class AuditLogPageTests : ComponentTest
{
    private readonly FakeAuditLog log = new();

    public AuditLogPageTests()
    {
        Services.AddSingleton<IAuditLog>(log);
        SignIn(Roles.Viewer);
    }

    private void Seed(int count)
    {
        for (var i = 0; i < count; i++)
            log.Entries.Add(new AuditEntry(Clock.GetUtcNow().AddMinutes(i), i % 2 == 0 ? "alice" : "bob", i % 3 == 0 ? "trading.halt" : "approval.approved", $"t{i}", "why " + i));
    }

    [Fact]
    public void ShowsTheNewestPage_AndTheCountOfAll()
    {
        Seed(60);
        var cut = Render<AuditLogPage>();
        var rows = cut.FindAll("[data-testid=audit-row]");
        Assert.Equal(AuditLogPage.PageSize, rows.Count);
        Assert.Contains("t59", rows[0].TextContent);
        Assert.Equal("1–50 of 60", cut.Find("[data-testid=audit-range]").TextContent.Trim());
        Assert.Equal((0, AuditLogPage.PageSize), (log.Queries.Single().Skip, log.Queries.Single().Take));
    }

    [Fact]
    public void TheFilters_AndTheNextPage_GoToTheStore()
    {
        Seed(60);
        var cut = Render<AuditLogPage>();
        cut.Find("[data-testid=audit-pager] button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("[data-testid=audit-row]").Count));
        Assert.Equal(50, log.Queries[^1].Skip);

        cut.Find("input[data-testid=audit-actor]").Change("bob");
        cut.WaitForAssertion(() => Assert.Equal("1–30 of 30", cut.Find("[data-testid=audit-range]").TextContent.Trim()));
        cut.Find("input[data-testid=audit-action]").Change("trading.");
        cut.WaitForAssertion(() => Assert.Equal("1–10 of 10", cut.Find("[data-testid=audit-range]").TextContent.Trim()));
        Assert.Equal(("bob", "trading.", 0), (log.Queries[^1].Actor, log.Queries[^1].ActionPrefix, log.Queries[^1].Skip));
        Assert.All(cut.FindAll("[data-testid=audit-row]"), r => Assert.Equal("trading.halt", r.GetAttribute("data-action")));
    }

    [Fact]
    public void AnEmptyLog_SaysSo()
    {
        var cut = Render<AuditLogPage>();
        Assert.Equal("No entries match.", cut.Find("[data-testid=no-audit]").TextContent.Trim());
    }

    [Fact]
    public void AFailingStore_ShowsTheError()
    {
        log.Fail = new InvalidOperationException("disk I/O error");
        var cut = Render<AuditLogPage>();
        Assert.Contains("disk I/O error", cut.Find("[data-testid=audit-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=no-audit]"));
    }
}
