using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Web.Components.Pages.Reflection;
using KisTrader.Web.Identity;
using KisTrader.Web.Scheduling;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Reflection;

public sealed class ReflectionPagesTests : ComponentTest
{
    private readonly FakeReflection fake = new();
    private readonly FakeAuditLog audit = new();

    public ReflectionPagesTests()
    {
        Services.AddSingleton<IReflectionReportStore>(fake);
        Services.AddSingleton<IStrategyRuleStore>(fake);
        Services.AddSingleton<IPromptStore>(fake);
        Services.AddSingleton<IReflectionService>(fake);
        Services.AddSingleton<IAuditLog>(audit);
        var settings = KisTrader.Web.Hosting.AppSettings.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(settings);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Reflection));
        AddNextRunInfo();
        fake.Versions.Add(FakeReflection.Version(1, false, "line a\nline b\n"));
        fake.Versions.Add(FakeReflection.Version(2, true, "line a\nline b\nrsi14 >= 70 → no buy\n"));
    }

    [Fact]
    public void ReflectionList_Empty_AndViewerHasNoReflectNow()
    {
        SignIn(Roles.Viewer);
        var cut = Render<ReflectionPage>();
        Assert.Empty(cut.FindAll("[data-testid=report-row]"));
        Assert.Empty(cut.FindAll("[data-testid=reflect-now]"));
        Assert.Contains("none scheduled", cut.Find("[data-testid=next-reflection]").TextContent);
    }

    [Fact]
    public void ReflectNow_RunsTheReflection_AuditsIt_AndOpensTheReport()
    {
        SignIn(Roles.Admin);
        var cut = Render<ReflectionPage>();
        cut.Find("[data-testid=reflect-now]").Click();
        cut.WaitForAssertion(() => Assert.Contains($"reflect:manual by {AdminName}", fake.Calls));
        Assert.Single(audit.Entries);
        Assert.EndsWith("/reflection/rep-new", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void ListsReports_NewestFirst()
    {
        SignIn(Roles.Viewer);
        var t = Clock.GetUtcNow();
        fake.Reports.Add(new ReflectionReport { ReportId = "old", Trigger = "schedule", CreatedAt = t.AddDays(-7), PeriodFrom = t.AddDays(-14), PeriodTo = t.AddDays(-7), Status = ReflectionStatus.Completed });
        fake.Reports.Add(new ReflectionReport { ReportId = "new", Trigger = "manual", CreatedAt = t, PeriodFrom = t.AddDays(-7), PeriodTo = t, Status = ReflectionStatus.Failed, Error = "LLM timed out" });
        var cut = Render<ReflectionPage>();
        var rows = cut.FindAll("[data-testid=report-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Failed", rows[0].TextContent);
        Assert.Contains("Completed", rows[1].TextContent);
    }

    [Fact]
    public void Prompts_ShowTheVersionsAndTheDiff_ViewerCannotActivate()
    {
        SignIn(Roles.Viewer);
        var cut = Render<PromptsPage>();
        Assert.Equal("true", cut.Find("[data-testid=version-row][data-version='2']").GetAttribute("data-active"));
        Assert.Equal("false", cut.Find("[data-testid=version-row][data-version='1']").GetAttribute("data-active"));
        Assert.Empty(cut.FindAll("[data-testid=activate-version]"));
        Assert.Contains("Active: v2", cut.Find("[data-testid=active-version]").TextContent);
        Assert.Contains(cut.FindAll("[data-testid=diff-added]"), e => e.TextContent.Contains("rsi14 >= 70"));
    }

    [Fact]
    public void Prompts_AdminRollsBackWithAReason()
    {
        SignIn(Roles.Admin);
        var dialogs = RenderProviders();
        var cut = Render<PromptsPage>();
        cut.Find("[data-testid=version-row][data-version='1'] [data-testid=activate-version]").Click();
        Assert.Contains("v1", dialogs.WaitForElement("[data-testid=reason-dialog]").TextContent + dialogs.Markup);
        dialogs.Find("textarea[data-testid=reason-input]").Input("back to the baseline");
        dialogs.Find("[data-testid=reason-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=version-row][data-version='1']").GetAttribute("data-active")));
        Assert.Contains($"activate:1:{AdminName}:back to the baseline", fake.Calls);
    }
}
