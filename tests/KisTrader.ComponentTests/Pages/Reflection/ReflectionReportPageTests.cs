using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Web.Components.Pages.Reflection;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Reflection;

public sealed class ReflectionReportPageTests : ComponentTest
{
    private readonly FakeReflection fake = new();

    public ReflectionReportPageTests()
    {
        Services.AddSingleton<IReflectionReportStore>(fake);
        Services.AddSingleton<IStrategyRuleStore>(fake);
        Services.AddSingleton<IReflectionService>(fake);
        var t = Clock.GetUtcNow();
        fake.Reports.Add(new ReflectionReport
        {
            ReportId = "rep1", Trigger = "manual", CreatedAt = t, PeriodFrom = t.AddDays(-7), PeriodTo = t, Status = ReflectionStatus.Completed,
            Summary = "1 rule proposed", RuleIds = ["rule1"],
        });
        fake.Rules.Add(new StrategyRule
        {
            RuleId = "rule1", Category = RuleCategory.Entry, Condition = "side == \"BUY\" and rsi14 >= 70", Action = RuleAction.Block,
            Priority = 5, Rationale = "overbought entries lost", ReportId = "rep1", CreatedAt = t,
        });
    }

    private IRenderedComponent<ReflectionReportPage> RenderReport(string id = "rep1") => Render<ReflectionReportPage>(p => p.Add(r => r.ReportId, id));

    [Fact]
    public void ShowsTheReportAndItsProposedRule()
    {
        SignIn(Roles.Viewer);
        var cut = RenderReport();
        Assert.Equal("Completed", cut.Find("[data-testid=report-status]").TextContent.Trim());
        var rule = cut.Find("[data-testid=rule][data-rule=rule1]");
        Assert.Equal("Proposed", rule.GetAttribute("data-status"));
        Assert.Contains("rsi14 >= 70", cut.Find("[data-testid=rule-condition]").TextContent);
        // A Viewer reads, an admin decides.
        Assert.Single(cut.FindAll("[data-testid=viewer-note]"));
        Assert.Empty(cut.FindAll("[data-testid=adopt-rule]"));
        Assert.Empty(cut.FindAll("[data-testid=reject-rule]"));
    }

    [Fact]
    public void Admin_AdoptsARule_WithAReason()
    {
        SignIn(Roles.Admin);
        var dialogs = RenderProviders();
        var cut = RenderReport();
        cut.Find("[data-testid=adopt-rule]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("lost every time");
        dialogs.Find("[data-testid=reason-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains($"adopt:rule1:{AdminName}:lost every time", fake.Calls));
    }

    [Fact]
    public void Admin_RejectsARule_WithAReason()
    {
        SignIn(Roles.Admin);
        var dialogs = RenderProviders();
        var cut = RenderReport();
        cut.Find("[data-testid=reject-rule]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("too few trades");
        dialogs.Find("[data-testid=reason-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains($"reject:rule1:{AdminName}:too few trades", fake.Calls));
    }

    [Fact]
    public void AFailedReflection_ShowsItsError()
    {
        SignIn(Roles.Viewer);
        fake.Reports[0] = fake.Reports[0] with { Status = ReflectionStatus.Failed, Error = "LLM returned HTTP 500" };
        var cut = RenderReport();
        Assert.Contains("HTTP 500", cut.Find("[data-testid=report-error]").TextContent);
    }

    [Fact]
    public void AnUnknownReport_SaysSo()
    {
        SignIn(Roles.Viewer);
        var cut = RenderReport("nope");
        Assert.Empty(cut.FindAll("[data-testid=report-status]"));
        Assert.Contains("nope", cut.Markup);
    }
}
