using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Reflection;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Reflection.Fakes;
using KisTrader.Tests.Core.Risk;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>The reflection graph backtests each proposed rule over the look-back and adopts none that makes things worse;
/// an admin retires an enforced rule one at a time.</summary>
public sealed class RuleBacktestAdoptionTests
{
    // The harness's clock is 2026-11-23 16:00 KST, its look-back 90 days: 240 sessions of the backtester's walks from
    // 2026-01-05 cover it.
    private static async Task<RuleBacktestEvaluator> BacktesterAsync(bool withHistory = true)
    {
        if (!withHistory) return new RuleBacktestEvaluator(new InMemoryMarketHistory(), RuleBacktestEvaluatorTests.Settings(["005930", "000660"]));
        var (store, _) = await RuleBacktestEvaluatorTests.HistoryAsync(240);
        return new RuleBacktestEvaluator(store, RuleBacktestEvaluatorTests.Settings());
    }

    /// <summary>Four BUYs at rsi14 ≥ 70 sold 10% lower, six at rsi14 55 sold 10% higher (see ReflectionGraphTests).</summary>
    private static ReflectionHarness Overbought(RuleBacktestEvaluator backtester)
    {
        var h = new ReflectionHarness(backtester: backtester);
        var start = ReflectionTrades.Kst(2026, 10, 5);
        for (var i = 0; i < 4; i++) h.RoundTrip($"hot{i}", start.AddDays(3 * i), 72m + i, 9_000m);
        for (var i = 0; i < 6; i++) h.RoundTrip($"ok{i}", start.AddDays(3 * i + 1), 55m, 11_000m);
        return h;
    }

    private static async Task<StrategyRule> OnlyRuleAsync(ReflectionHarness h)
    {
        var outcome = await h.Service.ReflectAsync("test");
        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        return (await h.Rules.GetAsync(Assert.Single(report.RuleIds)))!;
    }

    [Fact]
    public async Task A_rule_whose_backtest_does_no_harm_is_adopted_with_its_backtest_stored_beside_the_shadow_replay()
    {
        var h = Overbought(await BacktesterAsync());

        var rule = await OnlyRuleAsync(h);

        Assert.Equal("side == \"BUY\" and rsi14 >= 70", rule.Condition);
        Assert.Equal(RuleStatus.Adopted, rule.Status);
        Assert.True(rule.Shadow!.IsPositive);
        var b = rule.Backtest!;
        Assert.True(b.Backtested, b.Note);
        Assert.Equal((new DateOnly(2026, 8, 25), new DateOnly(2026, 11, 23), 1, 3), (b.From, b.To, b.PromptVersion, b.Instruments));
        Assert.True(b.Sessions > 55, $"{b.Sessions} sessions");
        // The walks' rules-engine buys never come at RSI ≥ 70: nothing blocked, nothing lost.
        Assert.Equal((0m, 0), (b.NetEffectKrw, b.TradesBlocked));
        Assert.Contains("backtest 2026-08-25–2026-11-23", rule.DecisionReason);
    }

    [Fact]
    public async Task A_rule_the_replay_favours_but_whose_backtest_loses_money_is_not_adopted_and_says_why()
    {
        // The losing buys were all made in the first hour; over the look-back's history the rules engine buys only at the
        // open, so blocking first-hour buys gives up every winning trade the backtest makes.
        var h = new ReflectionHarness(backtester: await BacktesterAsync());
        var start = ReflectionTrades.Kst(2026, 10, 5);
        for (var i = 0; i < 4; i++) h.RoundTrip($"early{i}", start.AddDays(3 * i), 55m, 9_000m, hour: 9);
        for (var i = 0; i < 6; i++) h.RoundTrip($"late{i}", start.AddDays(3 * i + 1), 55m, 11_000m, hour: 11);

        var rule = await OnlyRuleAsync(h);

        Assert.Equal("side == \"BUY\" and hour_kst < 10", rule.Condition);
        Assert.True(rule.Shadow!.IsPositive);
        Assert.Equal(RuleStatus.Proposed, rule.Status);
        Assert.True(rule.Backtest!.Backtested);
        Assert.True(rule.Backtest.NetEffectKrw < 0m && rule.Backtest.TradesBlocked > 0);
        var reason = Assert.Single(rule.RejectionReasons);
        Assert.StartsWith($"its backtest of the look-back makes things worse: net effect {rule.Backtest.NetEffectKrw:#,0} KRW", reason);
        Assert.Equal(1, (await h.Service.GetActivePromptAsync()).Version);
    }

    [Fact]
    public async Task Without_history_for_the_look_back_the_replay_alone_decides_as_before_and_the_rule_says_it_was_not_backtested()
    {
        var h = Overbought(await BacktesterAsync(withHistory: false));

        var rule = await OnlyRuleAsync(h);

        Assert.Equal(RuleStatus.Adopted, rule.Status);
        Assert.False(rule.Backtest!.Backtested);
        Assert.Equal("not backtested: no history for 005930, 000660 (look-back 2026-08-25 to 2026-11-23)", rule.Backtest.Note);
        Assert.EndsWith(rule.Backtest.Note, rule.DecisionReason);
        Assert.Contains(h.Reports.Saves.Last().RuleIds, id => id == rule.RuleId);
    }

    [Fact]
    public void The_adoption_policy_refuses_a_drawdown_deeper_than_the_tolerance_and_accepts_one_within_it()
    {
        var shadow = new ShadowResult(10, 4, 4, 0, 40_000m, 0m, ["a", "b", "c", "d"]);
        RuleBacktest Backtest(double with) => new()
        {
            Backtested = true, From = new DateOnly(2026, 9, 1), To = new DateOnly(2026, 11, 30), EndingEquityWithout = 100_000_000m,
            EndingEquityWith = 100_050_000m, MaxDrawdownWithout = 0.02, MaxDrawdownWith = with,
        };
        var options = new ReflectionOptions { BacktestDrawdownTolerance = 0.005 };

        var within = AdoptionPolicy.Decide(shadow, options, Backtest(0.024));
        var beyond = AdoptionPolicy.Decide(shadow, options, Backtest(0.026));

        Assert.True(within.Adopt, within.Reason);
        Assert.False(beyond.Adopt);
        Assert.StartsWith("its backtest of the look-back makes things worse: max drawdown 2.00% → 2.60%, deeper by more than the 0.50% tolerance", beyond.Reason);
    }

    [Fact]
    public async Task Retiring_a_rule_writes_a_version_without_it_leaves_the_old_one_audits_it_and_the_risk_engine_stops_blocking()
    {
        var h = Overbought(await BacktesterAsync());
        var rule = await OnlyRuleAsync(h);
        var v2 = (await h.Service.GetActivePromptAsync())!;
        Assert.Equal(2, v2.Version);
        var engine = RiskScenario.Engine();
        var hot = RiskScenario.Context(rules: h.Active, analysis: Analysis(75m));
        Assert.Equal(RiskRejectCode.StrategyRule, engine.Check(RiskScenario.Buy(RiskScenario.Other, 10, 20_000m), hot).Code);
        h.Time.Advance(TimeSpan.FromDays(1));

        var decision = await h.Service.RetireRuleAsync(rule.RuleId, "admin", "blocks too little to matter");

        Assert.True(decision.Done, decision.Message);
        Assert.Equal(3, decision.PromptVersion);
        var v3 = (await h.Service.GetActivePromptAsync())!;
        Assert.Equal((3, 2, "admin"), (v3.Version, v3.ParentVersion, v3.Author));
        Assert.Empty(v3.RuleIds);
        Assert.DoesNotContain("rsi14 >= 70", DecisionPrompt.ExtractDynamicRules(v3.Text));
        Assert.StartsWith($"retired {rule.RuleId}: blocks too little to matter | backtest ", v3.Reason);
        // The old version is unchanged: it still lists and renders the rule.
        var old = (await h.Prompts.GetAsync(v2.PromptName, 2))!;
        Assert.Equal((v2.Text, v2.RuleIds), (old.Text, old.RuleIds));
        Assert.Contains("rsi14 >= 70", DecisionPrompt.ExtractDynamicRules(old.Text));

        var retired = (await h.Rules.GetAsync(rule.RuleId))!;
        Assert.Equal(RuleStatus.Retired, retired.Status);
        var r = retired.Retirement!;
        Assert.Equal(("admin", "blocks too little to matter", 3), (r.RetiredBy, r.Reason, r.PromptVersion));
        Assert.True(r.Backtest!.Backtested);
        Assert.Equal(new DateOnly(2026, 11, 24), r.Backtest.To);
        Assert.Empty(r.Backtest.BaselineRules);
        var audit = Assert.Single(h.Audit.Entries, e => e.Action == "rule.retire");
        Assert.Equal(("admin", rule.RuleId), (audit.Actor, audit.Target));
        Assert.Contains("blocks too little to matter", audit.Details);
        Assert.Contains("prompt v3 from v2", audit.Details);
        Assert.Contains("net effect", audit.Details);

        Assert.True(engine.Check(RiskScenario.Buy(RiskScenario.Other, 10, 20_000m), hot).Approved);
    }

    [Fact]
    public async Task Only_a_rule_the_active_version_enforces_can_be_retired()
    {
        var h = Overbought(await BacktesterAsync(withHistory: false));
        var rule = await OnlyRuleAsync(h);
        Assert.True((await h.Service.RetireRuleAsync(rule.RuleId, "admin", "first")).Done);

        var again = await h.Service.RetireRuleAsync(rule.RuleId, "admin", "second");
        var unknown = await h.Service.RetireRuleAsync("R-00000000-99", "admin", "none");
        var noReason = await h.Service.RetireRuleAsync(rule.RuleId, "admin", " ");

        Assert.False(again.Done);
        Assert.Equal($"rule {rule.RuleId} is not enforced by the active prompt version v3: nothing to retire", again.Message);
        Assert.Equal("rule R-00000000-99 does not exist", unknown.Message);
        Assert.Equal("a reason is required", noReason.Message);
        Assert.Equal(3, (await h.Service.GetActivePromptAsync()).Version);
        Assert.Single(h.Audit.Entries, e => e.Action == "rule.retire");
    }

    private static MarketAnalysis Analysis(decimal rsi) => new(RiskScenario.Now, FeedState.Connected, false, null,
        [new TickerAnalysis(RiskScenario.Other, 20_000m, 0m, 1_000, 100m, 1m, new Dictionary<string, decimal> { ["rsi14"] = rsi }, RiskScenario.Now)],
        [], [], 0m);
}
