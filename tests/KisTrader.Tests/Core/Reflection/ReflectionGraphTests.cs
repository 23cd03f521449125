using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Reflection;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Reflection.Fakes;
using KisTrader.Tests.Core.Risk;

namespace KisTrader.Tests.Core.Reflection;

public sealed class ReflectionGraphTests
{
    /// <summary>Four BUYs at rsi14 ≥ 70 sold 10% lower, six at rsi14 55 sold 10% higher, over the last weeks.</summary>
    private static ReflectionHarness Overbought(ReflectionOptions? options = null, ILlmClient? llm = null)
    {
        var h = new ReflectionHarness(options, llm);
        var start = ReflectionTrades.Kst(2026, 10, 5);
        for (var i = 0; i < 4; i++) h.RoundTrip($"hot{i}", start.AddDays(3 * i), 72m + i, 9_000m);
        for (var i = 0; i < 6; i++) h.RoundTrip($"ok{i}", start.AddDays(3 * i + 1), 55m, 11_000m);
        h.RoundTrip("recent", ReflectionTrades.Kst(2026, 11, 18), 55m, 11_000m); // in the 7-day period
        return h;
    }

    [Fact]
    public async Task Losing_overbought_buys_lead_to_an_adopted_rule_a_new_prompt_version_and_a_risk_engine_that_blocks_them()
    {
        var h = Overbought();
        var outcome = await h.Service.ReflectAsync("test");
        Assert.Equal("completed", outcome.Status);

        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        Assert.Equal(ReflectionStatus.Completed, report.Status);
        Assert.Single(report.Performance!.RoundTrips);
        Assert.Equal("rsi14 >= 70", report.Insights[0].Condition);

        var rule = (await h.Rules.GetAsync(Assert.Single(report.RuleIds)))!;
        Assert.Equal("R-20261123-01", rule.RuleId);
        Assert.Equal(("side == \"BUY\" and rsi14 >= 70", RuleAction.Block, RuleCategory.Entry), (rule.Condition, rule.Action, rule.Category));
        Assert.Equal(RuleStatus.Adopted, rule.Status);
        Assert.Equal(2, rule.AdoptedInVersion);
        Assert.True(rule.Shadow!.IsPositive);
        Assert.Equal((4, 4, 0), (rule.Shadow.Matched, rule.Shadow.BlockedLosers, rule.Shadow.BlockedWinners));

        var active = await h.Service.GetActivePromptAsync();
        Assert.Equal((2, 1, "reflection", report.ReportId), (active.Version, active.ParentVersion, active.Author, active.ReportId));
        Assert.Contains("side == \"BUY\" and rsi14 >= 70", DecisionPrompt.ExtractDynamicRules(active.Text));
        Assert.Equal(2, report.PromptVersion);

        var engine = RiskScenario.Engine();
        var hot = RiskScenario.Context(rules: h.Active, analysis: Analysis(75m));
        var verdict = engine.Check(RiskScenario.Buy(RiskScenario.Other, 10, 20_000m), hot);
        Assert.False(verdict.Approved);
        Assert.Equal(RiskRejectCode.StrategyRule, verdict.Code);
        var calm = RiskScenario.Context(rules: h.Active, analysis: Analysis(55m));
        Assert.True(engine.Check(RiskScenario.Buy(RiskScenario.Other, 10, 20_000m), calm).Approved);

        Assert.Contains(h.Bus.OfType<NotificationRaised>(), n => n.Notification.Title == "Reflection completed");
        Assert.Equal(ReflectionStatus.Running, h.Reports.Saves.First().Status);
        Assert.Contains(h.Audit.Entries, e => e.Action == "rule.adopt" && e.Actor == "reflection" && e.Target == rule.RuleId);
    }

    [Fact]
    public async Task A_second_rule_on_the_same_losing_trades_is_left_for_an_admin_instead_of_adopted_too()
    {
        // The overbought buys were also the big movers of their day: two buckets, the same four trades.
        var h = new ReflectionHarness();
        var start = ReflectionTrades.Kst(2026, 10, 5);
        for (var i = 0; i < 4; i++) h.RoundTrip($"hot{i}", start.AddDays(3 * i), 72m + i, 9_000m, changePercent: 15m);
        for (var i = 0; i < 6; i++) h.RoundTrip($"ok{i}", start.AddDays(3 * i + 1), 55m, 11_000m, changePercent: 1m);

        var outcome = await h.Service.ReflectAsync("test");
        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        var rules = await h.Rules.GetManyAsync(report.RuleIds);
        Assert.True(rules.Count >= 2, "expected a rule for each of the two buckets");
        var adopted = Assert.Single(rules, r => r.Status == RuleStatus.Adopted);
        var other = rules.First(r => r.RuleId != adopted.RuleId && r.Status == RuleStatus.Proposed);
        Assert.True(other.Shadow!.IsPositive);
        Assert.Contains(adopted.RuleId, other.DecisionReason);
        Assert.Equal([adopted.RuleId], (await h.Service.GetActivePromptAsync()).RuleIds);
    }

    [Fact]
    public async Task A_sell_in_the_period_closes_a_lot_bought_before_the_look_back_first()
    {
        // Bought 10 @ 10,000 150 days ago (before the 90-day look-back), 10 @ 20,000 five days ago, sold 10 @ 15,000
        // yesterday: FIFO closes the old lot for a gain, not the new one for a loss.
        var h = new ReflectionHarness();
        var now = ReflectionHarness.Now;
        h.Trades.Trades["old"] = ReflectionTrades.Buy("old", "005930", 10, 10_000m, now.AddDays(-150));
        h.Trades.Trades["new"] = ReflectionTrades.Buy("new", "005930", 10, 20_000m, now.AddDays(-5));
        h.Trades.Trades["sell"] = ReflectionTrades.Sell("sell", "005930", 10, 15_000m, now.AddDays(-1));

        var outcome = await h.Service.ReflectAsync("test");
        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        var trip = Assert.Single(report.Performance!.RoundTrips);
        Assert.Equal(("old", 10_000m), (trip.BuyTradeId, trip.EntryPrice));
        Assert.True(trip.NetPnl > 0);
        Assert.Equal(10, report.Performance.OpenQuantities["005930"]);
    }

    [Fact]
    public async Task A_rule_enforced_but_left_Proposed_by_an_interrupted_adoption_cannot_be_rejected_and_adopting_it_finishes_the_job()
    {
        var h = Overbought();
        var report = (await h.Reports.GetAsync((await h.Service.ReflectAsync("test")).ReportId!))!;
        var rule = (await h.Rules.GetAsync(Assert.Single(report.RuleIds)))!;
        // The crash: the version with the rule is active, but its status was never written.
        await h.Rules.UpdateAsync(rule with { Status = RuleStatus.Proposed });

        var reject = await h.Service.RejectRuleAsync(rule.RuleId, "admin", "too broad");
        Assert.False(reject.Done);
        Assert.Contains("enforced", reject.Message);

        var adopt = await h.Service.AdoptRuleAsync(rule.RuleId, "admin", "finish it");
        Assert.True(adopt.Done, adopt.Message);
        Assert.Equal(2, adopt.PromptVersion);
        Assert.Equal(RuleStatus.Adopted, (await h.Rules.GetAsync(rule.RuleId))!.Status);
        Assert.Equal(2, (await h.Service.GetActivePromptAsync()).Version);
    }

    [Fact]
    public async Task Without_auto_adoption_the_rule_waits_and_an_admin_adopts_it_into_a_new_version()
    {
        var h = Overbought(new ReflectionOptions { AutoAdopt = false });
        var outcome = await h.Service.ReflectAsync("test");
        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        var ruleId = Assert.Single(report.RuleIds);
        Assert.Equal(RuleStatus.Proposed, (await h.Rules.GetAsync(ruleId))!.Status);
        Assert.Null(report.PromptVersion);
        Assert.Equal(1, (await h.Service.GetActivePromptAsync()).Version);

        Assert.False((await h.Service.AdoptRuleAsync(ruleId, "admin", " ")).Done);
        var adopted = await h.Service.AdoptRuleAsync(ruleId, "admin", "looks right");
        Assert.True(adopted.Done, adopted.Message);
        Assert.Equal(2, adopted.PromptVersion);
        Assert.Equal("admin", (await h.Service.GetActivePromptAsync()).Author);
        Assert.Equal([ruleId], h.Active.Current.Select(r => r.RuleId));
        Assert.Contains(h.Audit.Entries, e => e.Action == "rule.adopt" && e.Actor == "admin" && e.Details!.StartsWith("looks right"));

        Assert.False((await h.Service.AdoptRuleAsync(ruleId, "admin", "again")).Done);
        Assert.False((await h.Service.RejectRuleAsync(ruleId, "admin", "too late")).Done);

        var back = await h.Service.ActivatePromptVersionAsync(1, "admin", "undo");
        Assert.True(back.Done);
        Assert.Empty(h.Active.Current);
        Assert.Contains(h.Audit.Entries, e => e.Action == "prompt.rollback");
    }

    [Fact]
    public async Task A_proposed_rule_can_be_rejected_with_a_reason()
    {
        var h = Overbought(new ReflectionOptions { AutoAdopt = false });
        var outcome = await h.Service.ReflectAsync("test");
        var ruleId = (await h.Reports.GetAsync(outcome.ReportId!))!.RuleIds[0];
        Assert.False((await h.Service.RejectRuleAsync(ruleId, "admin", "")).Done);
        Assert.True((await h.Service.RejectRuleAsync(ruleId, "admin", "too broad")).Done);
        Assert.Equal(RuleStatus.Rejected, (await h.Rules.GetAsync(ruleId))!.Status);
        Assert.Contains(h.Audit.Entries, e => e.Action == "rule.reject" && e.Details == "too broad");
    }

    [Fact]
    public async Task No_trades_skip_to_UpdatePrompt_which_completes_the_report_without_a_new_version()
    {
        var h = new ReflectionHarness();
        var outcome = await h.Service.ReflectAsync("test");
        Assert.Equal("completed", outcome.Status);
        var steps = await h.Graphs.StepsAsync(outcome.RunId!);
        Assert.Equal([ReflectionGraph.AggregatePerformance, ReflectionGraph.UpdatePrompt], steps.Select(s => s.Node));
        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        Assert.Equal(ReflectionStatus.Completed, report.Status);
        Assert.Null(report.PromptVersion);
        Assert.DoesNotContain(h.Prompts.All, v => v.Version > 1);
    }

    [Fact]
    public async Task A_second_run_the_same_day_gets_the_next_rule_id_and_proposes_no_duplicate()
    {
        var h = Overbought();
        await h.Service.ReflectAsync("first");
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await h.Service.ReflectAsync("second");
        var ruleId = Assert.Single((await h.Reports.GetAsync(second.ReportId!))!.RuleIds);
        var rule = (await h.Rules.GetAsync(ruleId))!;
        Assert.Equal("R-20261123-02", ruleId);
        Assert.Equal(RuleStatus.Invalid, rule.Status);
        Assert.Contains(rule.RejectionReasons, r => r.StartsWith("duplicates enforced rule R-20261123-01"));
        Assert.Equal(2, (await h.Service.GetActivePromptAsync()).Version);
    }

    [Fact]
    public async Task A_malformed_LLM_analysis_is_noted_in_the_report_and_the_statistics_still_make_the_rule()
    {
        var h = Overbought(llm: new BrokenLlm());
        var outcome = await h.Service.ReflectAsync("test");
        var report = (await h.Reports.GetAsync(outcome.ReportId!))!;
        Assert.Contains("malformed JSON", report.LlmNote);
        Assert.Null(report.LlmAnalysis);
        Assert.Equal(2, report.PromptVersion);
    }

    [Fact]
    public async Task A_failed_run_marks_its_report_failed_and_notifies()
    {
        // A trade store that throws while reading makes the first node fail.
        var broken = new ThrowingReflection();
        var outcome = await broken.Harness.Service.ReflectAsync("test");
        Assert.Equal("failed", outcome.Status);
        var report = (await broken.Harness.Reports.GetAsync(outcome.ReportId!))!;
        Assert.Equal(ReflectionStatus.Failed, report.Status);
        Assert.Contains("database is gone", report.Error);
        Assert.Contains(broken.Harness.Bus.OfType<NotificationRaised>(), n => n.Notification.Level == NotificationLevel.Error);
    }

    [Fact]
    public async Task The_state_survives_a_round_trip_through_the_graph_json()
    {
        var h = Overbought();
        var outcome = await h.Service.ReflectAsync("test");
        var state = GraphJson.Deserialize<ReflectionState>(h.Graphs.Runs[outcome.RunId!].StateJson);
        Assert.Equal(outcome.ReportId, state.ReportId);
        Assert.Equal("rsi14 >= 70", state.Insights[0].Condition);
        Assert.Equal(2, state.PromptVersion);
        Assert.NotNull(state.Performance?.BrokerCheck);
    }

    private static MarketAnalysis Analysis(decimal rsi) => new(RiskScenario.Now, FeedState.Connected, false, null,
        [new TickerAnalysis(RiskScenario.Other, 20_000m, 0m, 1_000, 100m, 1m, new Dictionary<string, decimal> { ["rsi14"] = rsi }, RiskScenario.Now)],
        [], [], 0m);

    private sealed class BrokenLlm : ILlmClient
    {
        public Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct) =>
            Task.FromResult(new LlmCompletion("{\"summary\": \"ok\", \"insights\": [", "m", 1, 1));
    }

    private sealed class ThrowingReflection
    {
        public ReflectionHarness Harness { get; } = new();

        public ThrowingReflection() => Harness.Trades.FailReads = new InvalidOperationException("database is gone");
    }
}
