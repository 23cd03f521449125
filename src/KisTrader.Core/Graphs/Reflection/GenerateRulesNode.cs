using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>
/// M3. Losing insights become proposals (<see cref="RuleGenerator"/>), followed by the LLM's own rules, at most
/// MaxRulesPerRun in all; each is validated against the enforced rules and those accepted earlier in this run (an
/// invalid one is stored Invalid with its reasons), replayed over every recorded outcome, backtested over the look-back
/// with and without it (<see cref="RuleBacktestEvaluator"/>, when one is given) and judged by <see cref="AdoptionPolicy"/>. Adopted rules wait in the state for UpdatePrompt, which writes them into a version.
/// </summary>
public sealed class GenerateRulesNode(
    ReflectionRecord record,
    PromptVersioning prompts,
    IStrategyRuleStore rules,
    IReflectionReportStore reports,
    ReflectionOptions options,
    TimeProvider time,
    RuleBacktestEvaluator? backtester = null) : IGraphNode<ReflectionState>
{
    public const string Author = "reflection";

    public string Name => ReflectionGraph.GenerateRules;

    public async Task<NodeResult> RunAsync(ReflectionState state, GraphContext context, CancellationToken ct)
    {
        var set = await record.OutcomesAsync(state, ct);
        var proposals = RuleGenerator.Generate(state.Insights, options.MaxRulesPerRun)
            .Concat(state.LlmRules)
            .Take(Math.Max(0, options.MaxRulesPerRun))
            .ToList();
        if (proposals.Count == 0)
        {
            state.Notes.Add("no losing pattern worth a rule");
            return NodeResult.Continue();
        }

        var active = await prompts.GetActiveAsync(ct);
        var baseline = await prompts.GetActiveRulesAsync(ct);
        var enforced = baseline.ToList();
        var now = time.GetUtcNow();
        // First every proposal is validated (against the enforced rules and the valid ones before it in this run), so
        // the valid ones can be backtested together over one baseline run.
        var checkedRules = new List<(StrategyRule Rule, RuleValidation Validation)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var proposal in proposals)
        {
            var id = await RuleIdAllocator.NextAsync(rules, now, ct, ids);
            ids.Add(id);
            var validation = RuleFormatValidator.Validate(proposal, enforced, set.RecordedFeatures);
            if (!validation.IsValid)
            {
                checkedRules.Add((Invalid(proposal, validation, id, state.ReportId, now), validation));
                continue;
            }
            var rule = RuleFormatValidator.ToRule(proposal, validation, id, state.ReportId, now);
            // Later proposals of this run are checked against this one too: no duplicates or contradictions.
            enforced.Add(rule);
            checkedRules.Add((rule, validation));
        }

        var backtests = await BacktestAsync([.. checkedRules.Where(c => c.Validation.IsValid).Select(c => c.Rule)], baseline, active.Version, state, ct);
        var adopted = new List<StrategyRule>();
        foreach (var (candidate, validation) in checkedRules)
        {
            var rule = candidate;
            if (validation.IsValid)
            {
                var shadow = ShadowEvaluator.Evaluate(rule, validation.Expression!, set.Outcomes);
                var backtest = backtests.GetValueOrDefault(rule.RuleId);
                var decision = AdoptionPolicy.Decide(shadow, options, backtest);
                // Buckets of the same trades (change today, 5-day return, distance to the SMA20 after one spike) give
                // rules with the same evidence: adopt the best-ranked one and leave the others to an admin, so one
                // mistake does not become several overlapping blocks.
                if (decision.Adopt && adopted.FirstOrDefault(a => shadow.MatchedTradeIds.All(a.Shadow!.MatchedTradeIds.Contains)) is { } covering)
                    decision = new AdoptionDecision(false,
                        $"not adopted automatically: every recorded trade it matches is already matched by {covering.RuleId} of this run");
                rule = rule with
                {
                    Shadow = shadow,
                    Backtest = backtest,
                    DecisionReason = decision.Reason,
                    RejectionReasons = decision.Adopt ? [] : [decision.Reason],
                };
                if (decision.Adopt)
                {
                    state.ToAdopt.Add(rule.RuleId);
                    adopted.Add(rule);
                }
            }
            await rules.AddAsync(rule, ct);
            state.RuleIds.Add(rule.RuleId);
        }
        await reports.SaveAsync(state.Report(ReflectionStatus.Running, "rules generated"), ct);
        return NodeResult.Continue();
    }

    /// <summary>The valid rules backtested over the look-back against the active version's rules; none without a
    /// backtester (the shadow replay alone decides, as before backtests existed).</summary>
    private async Task<IReadOnlyDictionary<string, RuleBacktest>> BacktestAsync(IReadOnlyList<StrategyRule> candidates,
        IReadOnlyList<StrategyRule> baseline, int version, ReflectionState state, CancellationToken ct)
    {
        if (backtester is null || candidates.Count == 0) return new Dictionary<string, RuleBacktest>();
        var (from, to) = RuleBacktestEvaluator.Period(state.LookbackFrom, state.PeriodTo);
        var results = await backtester.EvaluateAsync(candidates, baseline, from, to, version, ct);
        if (results.Values.FirstOrDefault(r => !r.Backtested) is { Note: { } note })
            state.Notes.Add($"rules judged on the shadow replay alone: {note}");
        return results;
    }

    private static StrategyRule Invalid(RuleProposal p, RuleValidation v, string id, string reportId, DateTimeOffset now) => new()
    {
        RuleId = id,
        Category = v.Category ?? RuleCategory.Risk,
        Condition = p.Condition ?? "",
        Action = v.Action ?? RuleAction.RequireApproval,
        SizeFactor = v.Action == RuleAction.ReduceSize ? v.SizeFactor : 1m,
        Priority = p.Priority is >= 1 and <= 10 ? p.Priority.Value : 1,
        Rationale = p.Rationale ?? "",
        InsightId = p.InsightId,
        ReportId = reportId,
        Status = RuleStatus.Invalid,
        RejectionReasons = v.Errors,
        CreatedAt = now,
        DecidedBy = Author,
        DecidedAt = now,
        DecisionReason = "failed validate_rule_format",
    };
}

/// <summary>Rule ids "R-yyyyMMdd-NN": the KST date of the run and the first number not yet in the store.</summary>
public static class RuleIdAllocator
{
    public static async Task<string> NextAsync(IStrategyRuleStore rules, DateTimeOffset now, CancellationToken ct, IReadOnlySet<string>? taken = null)
    {
        var prefix = $"R-{now.ToKst():yyyyMMdd}-";
        for (var n = 1; n < 1000; n++)
        {
            var id = prefix + n.ToString(n < 100 ? "00" : "000", System.Globalization.CultureInfo.InvariantCulture);
            if (taken?.Contains(id) != true && await rules.GetAsync(id, ct) is null) return id;
        }
        throw new InvalidOperationException($"No free rule id left for {prefix}*.");
    }
}
