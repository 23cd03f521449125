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
        var pool = RuleGenerator.Generate(state.Insights, int.MaxValue).Concat(state.LlmRules).ToList();
        if (pool.Count == 0)
        {
            state.Notes.Add("no losing pattern worth a rule");
            return NodeResult.Continue();
        }

        var active = await prompts.GetActiveAsync(ct);
        var baseline = await prompts.GetActiveRulesAsync(ct);
        var proposals = Shortlist(pool, baseline, set, options);
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
        var judged = new List<(StrategyRule Rule, AdoptionDecision? Decision, Func<RuleFeatures, bool>? Matches)>();
        foreach (var (candidate, validation) in checkedRules)
        {
            if (!validation.IsValid)
            {
                judged.Add((candidate, null, null));
                continue;
            }
            var shadow = ShadowEvaluator.Evaluate(candidate, validation.Expression!, set.Outcomes);
            var backtest = backtests.GetValueOrDefault(candidate.RuleId);
            judged.Add((candidate with { Shadow = shadow, Backtest = backtest }, AdoptionPolicy.Decide(shadow, options, backtest), validation.Expression!.Evaluate));
        }
        // Rules on the same trades (change today, 5-day return, distance to the SMA20 after one spike) each look good
        // alone: adopt together only what each adds on top of the others, so one mistake does not become several
        // overlapping rules, while a stronger rule inside a broader one (a weight cap inside a halving) still counts.
        var (_, notPicked) = RuleSelection.Select(
            [.. judged.Where(j => j.Decision is { Adopt: true }).Select(j => new SelectionCandidate(j.Rule, j.Matches!))], set.Outcomes, options.MinTrades);
        foreach (var (candidate, judgement, _) in judged)
        {
            var rule = candidate;
            if (judgement is { } decision)
            {
                if (decision.Adopt && notPicked.TryGetValue(rule.RuleId, out var why)) decision = new AdoptionDecision(false, why);
                rule = rule with
                {
                    DecisionReason = decision.Reason,
                    RejectionReasons = decision.Adopt ? [] : [decision.Reason],
                };
                if (decision.Adopt) state.ToAdopt.Add(rule.RuleId);
            }
            await rules.AddAsync(rule, ct);
            state.RuleIds.Add(rule.RuleId);
        }
        await reports.SaveAsync(state.Report(ReflectionStatus.Running, "rules generated"), ct);
        return NodeResult.Continue();
    }

    /// <summary>
    /// At most MaxRulesPerRun of the proposals are stored (and backtested, which is the slow part). Ranked by insight
    /// score alone, the broad buckets crowd out the specific ones (a halving of most entries outranks the cap on one
    /// name), so the shortlist starts with the proposals that would be adopted together on the shadow replay alone
    /// (<see cref="RuleSelection"/>, in the order picked), then the others in rank order.
    /// </summary>
    private static List<RuleProposal> Shortlist(List<RuleProposal> pool, IReadOnlyList<StrategyRule> baseline, OutcomeSet set, ReflectionOptions options)
    {
        var max = Math.Max(0, options.MaxRulesPerRun);
        if (pool.Count <= max) return pool;
        var candidates = new List<SelectionCandidate>();
        for (var i = 0; i < pool.Count; i++)
        {
            var validation = RuleFormatValidator.Validate(pool[i], baseline, set.RecordedFeatures);
            if (!validation.IsValid || validation.Action is not { } action) continue;
            var factor = action == RuleAction.ReduceSize ? validation.SizeFactor : 1m;
            var shadow = ShadowEvaluator.Evaluate(action, factor, validation.Expression!.Evaluate, set.Outcomes);
            if (shadow.IsPositive && shadow.Matched >= options.MinTrades)
                candidates.Add(new SelectionCandidate(i.ToString(System.Globalization.CultureInfo.InvariantCulture), action, factor, validation.Expression.Evaluate));
        }
        var picked = RuleSelection.Select(candidates, set.Outcomes, options.MinTrades).Picked
            .Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return [.. picked.Concat(Enumerable.Range(0, pool.Count).Except(picked)).Take(max).Select(i => pool[i])];
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
