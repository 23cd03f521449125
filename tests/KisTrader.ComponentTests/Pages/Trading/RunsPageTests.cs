using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Identity;
using KisTrader.Web.Scheduling;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static KisTrader.ComponentTests.FakeGraphStore;

namespace KisTrader.ComponentTests.Pages.Trading;

public sealed class RunsPageTests : ComponentTest
{
    private readonly FakeGraphStore graphs = new();
    private readonly FakeRunner runner = new();
    private readonly FakeAuditLog audit = new();

    public RunsPageTests()
    {
        Services.AddSingleton<IGraphStore>(graphs);
        Services.AddSingleton<IOperationalRunner>(runner);
        Services.AddSingleton<IAuditLog>(audit);
        AddNextRunInfo();
    }

    private void Seed(int count)
    {
        for (var i = 0; i < count; i++)
            graphs.Runs.Add(Run($"r{i:00}", Clock.GetUtcNow().AddMinutes(-i), i % 4 == 0 ? RunStatus.Failed : RunStatus.Completed));
    }

    [Fact]
    public void ListsTheNewestPageOfRuns_AndSaysNoneIsScheduled()
    {
        SignIn(Roles.Viewer);
        Seed(25);
        var cut = Render<RunsPage>();
        var rows = cut.FindAll("[data-testid=run-row]");
        Assert.Equal(RunsPage.PageSize, rows.Count);
        Assert.Equal("r00", rows[0].GetAttribute("data-run"));
        Assert.Equal("1–20 of 25", cut.Find("[data-testid=runs-range]").TextContent.Trim());
        Assert.Contains("none scheduled", cut.Find("[data-testid=next-run]").TextContent);
        Assert.Contains("Choose a run", cut.Markup);
    }

    [Fact]
    public void NoRuns_SaysHowTheyStart()
    {
        SignIn(Roles.Viewer);
        var cut = Render<RunsPage>();
        Assert.Contains("No runs yet", cut.Find("[data-testid=no-runs]").TextContent);
    }

    [Fact]
    public void Viewer_HasNoRunNow_Admin_Has()
    {
        SignIn(Roles.Viewer);
        Assert.Empty(Render<RunsPage>().FindAll("[data-testid=run-now]"));
        SignIn(Roles.Admin);
        Assert.Single(Render<RunsPage>().FindAll("[data-testid=run-now]"));
    }

    [Fact]
    public void RunNow_StartsAManualRun_AuditsIt_AndOpensTheRun()
    {
        SignIn(Roles.Admin);
        var cut = Render<RunsPage>();
        cut.Find("[data-testid=run-now]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["manual"], runner.Triggers));
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(AdminName, entry.Actor);
        Assert.EndsWith("/runs/new-run", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void ASkippedRun_SaysSoInAToast()
    {
        SignIn(Roles.Admin);
        runner.Outcome = new OperationalRunOutcome(null, OperationalRunner.Skipped, "a run is already in progress");
        RenderProviders();
        var cut = Render<RunsPage>();
        cut.Find("[data-testid=run-now]").Click();
        Snackbars.WaitForAssertion(() => Assert.Contains("Run Skipped", Snackbars.Find("[data-testid=toast]").TextContent));
        Assert.Contains("already in progress", Snackbars.Find("[data-testid=toast]").TextContent);
    }

    [Fact]
    public void TheStatusFilter_AndThePager_AskTheStore()
    {
        SignIn(Roles.Viewer);
        Seed(25);
        var cut = Render<RunsPage>();
        cut.Find("[data-testid=runs-pager] button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=run-row]").Count));
        Assert.Equal(20, graphs.Queries[^1].Skip);
    }

    [Fact]
    public void ARun_ShowsItsTrace_StepByStep()
    {
        SignIn(Roles.Viewer);
        Seed(2);
        graphs.Steps.Add(new GraphStep("r01", 0, "DiagnosePortfolio", Clock.GetUtcNow(), 12, "{}", """{"portfolio":{"cash":1}}""", null, false));
        graphs.Steps.Add(new GraphStep("r01", 1, "AnalyzeMarket", Clock.GetUtcNow(), 30, "{}", null, "feed stale", false));
        var cut = Render<RunsPage>(p => p.Add(r => r.RunId, "r01"));
        Assert.Equal("r01", cut.Find("[data-testid=run-trace]").GetAttribute("data-run"));
        Assert.Contains("selected", cut.Find("[data-testid=run-row][data-run=r01]").ClassName);
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket"], cut.FindAll("[data-testid=run-step]").Select(s => s.GetAttribute("data-node")));
        Assert.Contains("feed stale", cut.Find("[data-testid=step-error]").TextContent);
    }

    [Fact]
    public void AnUnknownRun_SaysSo()
    {
        SignIn(Roles.Viewer);
        var cut = Render<RunsPage>(p => p.Add(r => r.RunId, "nope"));
        Assert.Contains("No run", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=run-trace]"));
    }
}
