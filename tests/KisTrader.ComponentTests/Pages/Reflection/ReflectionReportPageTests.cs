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

    private static RuleBacktest Backtest(decimal with) => new()
    {
        Backtested = true, From = new DateOnly(2026, 9, 1), To = new DateOnly(2026, 11, 30), PromptVersion = 4, BaselineRules = ["R-old"],
        Instruments = 3, Sessions = 61, EndingEquityWithout = 100_000_000m, EndingEquityWith = with, OrdersWithout = 12, OrdersWith = 9,
        TradesBlocked = 3, TradesReduced = 1, MaxDrawdownWithout = 0.041, MaxDrawdownWith = 0.032,
    };

    [Fact]
    public void ARule_ShowsItsBacktestBesideTheShadowReplay()
    {
        SignIn(Roles.Viewer);
        var reason = "its backtest of the look-back makes things worse: net effect -250,000 KRW";
        fake.Rules[0] = fake.Rules[0] with
        {
            Shadow = new ShadowResult(10, 4, 4, 0, 40_000m, 0m, ["a", "b", "c", "d"]),
            Backtest = Backtest(99_750_000m),
            RejectionReasons = [reason],
        };
        var cut = RenderReport();
        Assert.Equal("+40,000 KRW", cut.Find("[data-testid=rule-net-effect]").TextContent.Trim());
        var backtest = cut.Find("[data-testid=rule-backtest]");
        Assert.Equal("true", backtest.GetAttribute("data-backtested"));
        Assert.Equal("-250,000 KRW", cut.Find("[data-testid=backtest-net-effect]").TextContent.Trim());
        Assert.Contains("3 blocked · 1 reduced (12 → 9 orders)", cut.Find("[data-testid=backtest-blocked]").TextContent);
        Assert.Contains("4.10% without → 3.20% with", cut.Find("[data-testid=backtest-drawdown]").TextContent);
        Assert.Contains("prompt v4", backtest.TextContent);
        Assert.Contains(reason, cut.Find("[data-testid=rule-reasons]").TextContent);
    }

    [Fact]
    public void ARuleWithoutHistory_SaysItWasNotBacktested()
    {
        SignIn(Roles.Viewer);
        fake.Rules[0] = fake.Rules[0] with
        {
            Backtest = RuleBacktest.NotBacktested(new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 30), "no history for 005930 (look-back 2026-09-01 to 2026-11-30)"),
        };
        var cut = RenderReport();
        var backtest = cut.Find("[data-testid=rule-backtest]");
        Assert.Equal("false", backtest.GetAttribute("data-backtested"));
        Assert.Equal("not backtested: no history for 005930 (look-back 2026-09-01 to 2026-11-30)", backtest.TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=backtest-net-effect]"));
    }

    [Fact]
    public void Admin_RetiresAnEnforcedRule_WithAReason()
    {
        SignIn(Roles.Admin);
        fake.Rules[0] = fake.Rules[0] with { Status = RuleStatus.Adopted, AdoptedInVersion = 2 };
        fake.Versions.Add(FakeReflection.Version(2, true, "v2") with { RuleIds = ["rule1"] });
        var dialogs = RenderProviders();
        var cut = RenderReport();
        cut.Find("[data-testid=retire-rule]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("no longer needed");
        dialogs.Find("[data-testid=reason-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains($"retire:rule1:{AdminName}:no longer needed", fake.Calls));
    }

    [Fact]
    public void OnlyARuleTheActiveVersionEnforces_OffersRetirement_AndARetiredRuleShowsWhyWithItsBacktest()
    {
        SignIn(Roles.Admin);
        var t = Clock.GetUtcNow();
        fake.Rules[0] = fake.Rules[0] with
        {
            Status = RuleStatus.Retired,
            Retirement = new RuleRetirement("boss", t, "too strict", 3, Backtest(100_200_000m)),
        };
        fake.Versions.Add(FakeReflection.Version(3, true, "v3"));
        var cut = RenderReport();
        Assert.Empty(cut.FindAll("[data-testid=retire-rule]"));
        var retirement = cut.Find("[data-testid=rule-retirement]");
        Assert.Contains("Retired by boss", retirement.TextContent);
        Assert.Contains("too strict · prompt v3 without it", retirement.TextContent);
        Assert.Equal("+200,000 KRW", retirement.QuerySelector("[data-testid=backtest-net-effect]")!.TextContent.Trim());
        Assert.Equal("Retired", cut.Find("[data-testid=rule-status]").TextContent.Trim());
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
