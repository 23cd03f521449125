using KisTrader.Core.Rules.Language;

namespace KisTrader.Core.Rules;

/// <summary>
/// validate_rule_format (docs/reflection.md): refuses a proposal with one sentence per problem, every problem listed.
/// A rule may only restrict trading, must be specific (not true of every recorded trade), must restrict the side its
/// category is about, and must neither repeat nor contradict an enforced rule.
/// </summary>
public static class RuleFormatValidator
{
    /// <summary>Below this many recorded snapshots, matching all of them says little.</summary>
    public const int MinSnapshotsForAlwaysTrue = 5;

    public static RuleValidation Validate(RuleProposal proposal, IReadOnlyList<StrategyRule> enforcedRules, IReadOnlyList<RuleFeatures> recordedSnapshots)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(enforcedRules);
        ArgumentNullException.ThrowIfNull(recordedSnapshots);
        var errors = new List<string>();

        RuleCategory? category = null;
        if (string.IsNullOrWhiteSpace(proposal.Category))
            errors.Add("category is missing: use entry, exit, risk or sizing");
        else if (RuleWords.TryCategory(proposal.Category, out var c))
            category = c;
        else
            errors.Add($"category \"{Shown(proposal.Category)}\" is unknown: use entry, exit, risk or sizing");

        RuleAction? action = null;
        if (string.IsNullOrWhiteSpace(proposal.Action))
            errors.Add("action is missing: use block, reduce_size or require_approval");
        else if (RuleWords.TryAction(proposal.Action, out var a))
            action = a;
        else if (RuleWords.IsLoosening(proposal.Action))
            errors.Add($"action \"{Shown(proposal.Action)}\" would loosen trading: rules can only restrict trading (block, reduce_size or require_approval)");
        else
            errors.Add($"action \"{Shown(proposal.Action)}\" is unknown: rules can only restrict trading, with block, reduce_size or require_approval");

        var sizeFactor = 1m;
        if (action == RuleAction.ReduceSize)
        {
            if (proposal.SizeFactor is not { } f)
                errors.Add("size factor is missing: reduce_size needs the share of the quantity kept, strictly between 0 and 1");
            else if (f is <= 0m or >= 1m)
                errors.Add($"size factor {NumberLiteral.Format(f)} is outside (0, 1): reduce_size keeps a share of the quantity, strictly between 0 and 1");
            else
                sizeFactor = f;
        }
        else if (action is { } other && proposal.SizeFactor is { } f && f != 1m)
            errors.Add($"size factor {NumberLiteral.Format(f)} is given but action {RuleWords.Of(other)} does not reduce size: use reduce_size or leave the factor out");

        if (proposal.Priority is not { } priority)
            errors.Add("priority is missing: give 1 (lowest) to 10 (highest)");
        else if (priority is < 1 or > 10)
            errors.Add($"priority {priority} is outside 1–10");

        if (string.IsNullOrWhiteSpace(proposal.Rationale))
            errors.Add("rationale is missing: say why the rule exists");

        RuleExpression? expression = null;
        if (string.IsNullOrWhiteSpace(proposal.Condition))
            errors.Add("condition is missing");
        else
        {
            expression = RuleLanguage.Parse(proposal.Condition, out var conditionErrors);
            errors.AddRange(conditionErrors.Select(e => $"condition: {e}"));
        }

        if (expression is not null)
        {
            CheckSpecific(expression, recordedSnapshots, errors);
            CheckSide(expression, category, errors);
            if (action is RuleAction.Block or RuleAction.ReduceSize && expression.RequiresAtTopLevel("side", "SELL"))
                errors.Add($"a rule on sells may only require_approval, not {RuleWords.Of(action.Value)}: a sell always lowers risk, and blocking or shrinking one could keep a stop-loss from selling");
            if (action is { } act) CheckAgainstEnforced(expression, act, sizeFactor, enforcedRules, errors);
        }

        return new RuleValidation(errors.Count == 0, errors, category, action, sizeFactor, proposal.Priority, expression);
    }

    /// <summary>The rule to store for a proposal that passed <see cref="Validate"/> (status Proposed).</summary>
    public static StrategyRule ToRule(RuleProposal proposal, RuleValidation valid, string ruleId, string? reportId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(valid);
        if (!valid.IsValid || valid.Category is not { } category || valid.Action is not { } action || valid.Priority is not { } priority
            || valid.Expression is not { } expression)
            throw new ArgumentException("The proposal did not pass validation: " + string.Join("; ", valid.Errors), nameof(valid));
        if (!string.Equals(proposal.Condition, expression.Text, StringComparison.Ordinal))
            throw new ArgumentException("The validation is of another proposal (its condition differs).", nameof(valid));
        if (string.IsNullOrWhiteSpace(ruleId))
            throw new ArgumentException("A rule needs an id.", nameof(ruleId));
        return new StrategyRule
        {
            RuleId = ruleId,
            Category = category,
            Condition = expression.Text.Trim(),
            Action = action,
            SizeFactor = action == RuleAction.ReduceSize ? valid.SizeFactor : 1m,
            Priority = priority,
            Rationale = proposal.Rationale!.Trim(),
            InsightId = proposal.InsightId,
            ReportId = reportId,
            Status = RuleStatus.Proposed,
            CreatedAt = createdAt,
        };
    }

    private static void CheckSpecific(RuleExpression expression, IReadOnlyList<RuleFeatures> snapshots, List<string> errors)
    {
        // A condition on one side is judged among that side's snapshots: `side == "BUY" and rsi14 >= 0` matches no
        // sell, yet stops every buy.
        string? side = expression.RequiresAtTopLevel("side", "BUY") ? "BUY" : expression.RequiresAtTopLevel("side", "SELL") ? "SELL" : null;
        var matched = 0;
        var usable = 0;
        for (var i = 0; i < snapshots.Count; i++)
        {
            if (snapshots[i] is not { } snapshot) continue;
            if (side is not null && !(snapshot.TryGetText("side", out var s) && s == side)) continue;
            usable++;
            try
            {
                if (expression.Evaluate(snapshot)) matched++;
            }
            catch (Exception e)
            {
                // Evaluate is not supposed to throw; if it ever does, the rule is not fit to enforce.
                errors.Add($"condition fails on recorded snapshot {i + 1}: {e.Message}");
                return;
            }
        }
        if (usable >= MinSnapshotsForAlwaysTrue && matched == usable)
            errors.Add($"condition is always true: it matches all {usable} recorded {(side is null ? "" : side + " ")}snapshots, a blanket stop rather than a rule");
    }

    private static void CheckSide(RuleExpression expression, RuleCategory? category, List<string> errors)
    {
        var side = category switch
        {
            RuleCategory.Entry => "BUY",
            RuleCategory.Exit => "SELL",
            _ => null,
        };
        if (side is not null && !expression.RequiresAtTopLevel("side", side))
            errors.Add($"an {RuleWords.Of(category!.Value)} rule must restrict side == \"{side}\": write side == \"{side}\" and …");
    }

    private static void CheckAgainstEnforced(RuleExpression expression, RuleAction action, decimal sizeFactor, IReadOnlyList<StrategyRule> enforced, List<string> errors)
    {
        foreach (var rule in enforced)
        {
            if (rule?.Condition is null || RuleLanguage.Parse(rule.Condition, out _) is not { } other) continue;
            if (other.Normalized != expression.Normalized) continue;
            var otherFactor = rule.Action == RuleAction.ReduceSize ? rule.SizeFactor : 1m;
            if (rule.Action == action && otherFactor == sizeFactor)
                errors.Add($"duplicates enforced rule {rule.RuleId}: same condition ({expression.Normalized}) and action {Describe(action, sizeFactor)}");
            else
                errors.Add($"contradicts enforced rule {rule.RuleId}: same condition ({expression.Normalized}) but action {Describe(rule.Action, otherFactor)} there and {Describe(action, sizeFactor)} here");
        }
    }

    private static string Describe(RuleAction action, decimal factor) =>
        action == RuleAction.ReduceSize ? $"reduce_size ×{NumberLiteral.Format(factor)}" : RuleWords.Of(action);

    // An LLM may write anything: keep what is echoed short and on one line.
    private static string Shown(string s)
    {
        var one = string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return one.Length <= 40 ? one : one[..40] + "…";
    }
}
