using KisTrader.Core.Decisions;
using KisTrader.Core.Rules.Language;

namespace KisTrader.Core.Rules;

/// <summary>
/// The enforced strategy rules: those of the active prompt version, compiled once per <see cref="Replace"/>. The risk
/// engine calls <see cref="Match"/> from many threads; a replacement swaps one immutable snapshot, so a check sees
/// either the old set or the new one, never a mix.
/// </summary>
public sealed class ActiveStrategyRules : IStrategyRules
{
    private sealed record Compiled(StrategyRule Rule, RuleExpression Expression);

    private sealed record Snapshot(IReadOnlyList<Compiled> Rules, IReadOnlyList<StrategyRule> Current, IReadOnlyList<string> Skipped)
    {
        public static readonly Snapshot Empty = new([], [], []);
    }

    private volatile Snapshot _snapshot = Snapshot.Empty;

    public ActiveStrategyRules() { }

    public ActiveStrategyRules(IReadOnlyList<StrategyRule> rules) => Replace(rules);

    /// <summary>The rules being enforced (those that compiled), highest priority first, then by id.</summary>
    public IReadOnlyList<StrategyRule> Current => _snapshot.Current;

    /// <summary>Why rules given to the last <see cref="Replace"/> are not enforced ("R-…: reason"), one a rule.</summary>
    public IReadOnlyList<string> Skipped => _snapshot.Skipped;

    /// <summary>Makes <paramref name="rules"/> the enforced set and returns the rules skipped (see <see cref="Skipped"/>).
    /// Never throws: a rule that does not compile, or carries an impossible action, size factor or priority, is
    /// skipped and reported rather than enforced in some guessed form.</summary>
    public IReadOnlyList<string> Replace(IReadOnlyList<StrategyRule>? rules)
    {
        var compiled = new List<Compiled>();
        var skipped = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules ?? [])
        {
            if (rule is null)
            {
                skipped.Add("(null): no rule");
                continue;
            }
            var id = string.IsNullOrWhiteSpace(rule.RuleId) ? "(no id)" : rule.RuleId;
            if (Problem(rule, ids) is { } problem)
            {
                skipped.Add($"{id}: {problem}");
                continue;
            }
            if (RuleLanguage.Parse(rule.Condition, out var errors) is not { } expression)
            {
                skipped.Add($"{id}: condition does not compile: {string.Join("; ", errors)}");
                continue;
            }
            ids.Add(rule.RuleId);
            compiled.Add(new Compiled(rule, expression));
        }
        compiled.Sort((a, b) => b.Rule.Priority != a.Rule.Priority
            ? b.Rule.Priority.CompareTo(a.Rule.Priority)
            : string.CompareOrdinal(a.Rule.RuleId, b.Rule.RuleId));
        var snapshot = new Snapshot(compiled, compiled.Select(c => c.Rule).ToList(), skipped);
        _snapshot = snapshot;
        return snapshot.Skipped;
    }

    private static string? Problem(StrategyRule rule, HashSet<string> ids)
    {
        if (string.IsNullOrWhiteSpace(rule.RuleId)) return "the rule has no id";
        if (ids.Contains(rule.RuleId)) return "another rule in the set has the same id";
        if (!Enum.IsDefined(rule.Action)) return $"unknown action {(int)rule.Action}";
        if (rule.Action == RuleAction.ReduceSize && rule.SizeFactor is <= 0m or >= 1m)
            return $"reduce_size factor {NumberLiteral.Format(rule.SizeFactor)} is outside (0, 1)";
        if (rule.Priority is < 1 or > 10) return $"priority {rule.Priority} is outside 1–10";
        if (string.IsNullOrWhiteSpace(rule.Condition)) return "the condition is empty";
        return null;
    }

    /// <summary>See <see cref="IStrategyRules.Match"/>. Any matching Block blocks (RuleId lists the blocking rules).
    /// Otherwise the smallest size factor of the matching ReduceSize rules applies, and when a RequireApproval rule
    /// matches too the action is RequireApproval carrying that factor (the risk engine applies both). RuleId lists the
    /// matching rules comma-separated, highest priority first; Reason is "id: rationale" of each, "; "-separated.</summary>
    public RuleMatch? Match(PlannedOrder order, RuleFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var rules = _snapshot.Rules;
        List<StrategyRule>? blocks = null;
        List<StrategyRule>? others = null;
        foreach (var c in rules)
        {
            if (!c.Expression.Evaluate(features)) continue;
            if (c.Rule.Action == RuleAction.Block) (blocks ??= []).Add(c.Rule);
            else (others ??= []).Add(c.Rule);
        }
        if (blocks is not null)
            return new RuleMatch(Ids(blocks), RuleAction.Block, Reasons(blocks));
        if (others is null) return null;
        var factor = others.Where(r => r.Action == RuleAction.ReduceSize).Select(r => r.SizeFactor).DefaultIfEmpty(1m).Min();
        var action = others.Any(r => r.Action == RuleAction.RequireApproval) ? RuleAction.RequireApproval : RuleAction.ReduceSize;
        return new RuleMatch(Ids(others), action, Reasons(others), factor);
    }

    private static string Ids(List<StrategyRule> rules) => string.Join(",", rules.Select(r => r.RuleId));

    private static string Reasons(List<StrategyRule> rules) => string.Join("; ", rules.Select(r => $"{r.RuleId}: {r.Rationale}"));
}
