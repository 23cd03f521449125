using System.Text;
using KisTrader.Core.Rules.Language;

namespace KisTrader.Core.Rules;

/// <summary>
/// The markdown body of the prompt's Dynamic Rules section (<see cref="Decisions.DecisionPrompt.ReplaceDynamicRules"/>):
/// one line per rule, highest priority first. Rule text is data, not prompt: each piece is kept on one line and
/// stripped of what could end the section early (the HTML comment markers) or be filled in as a placeholder ({{…}}).
/// </summary>
public static class DynamicRulesRenderer
{
    public const string Empty = "No learned rules yet.";
    // A rationale is a sentence or two; a longer one would crowd the prompt.
    public const int MaxRationaleLength = 300;

    public static string Render(IReadOnlyList<StrategyRule>? rules)
    {
        var ordered = (rules ?? []).Where(r => r is not null)
            .OrderByDescending(r => r.Priority)
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count == 0) return Empty;
        var sb = new StringBuilder();
        foreach (var rule in ordered)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append("- [").Append(Clean(rule.RuleId).Replace("]", "", StringComparison.Ordinal)).Append("] ")
                .Append(ActionText(rule))
                .Append(" when `").Append(Clean(rule.Condition).Replace("`", "'", StringComparison.Ordinal)).Append("` (")
                .Append(RuleWords.Of(rule.Category)).Append(", priority ").Append(rule.Priority).Append("): ")
                .Append(Truncate(Clean(rule.Rationale)));
        }
        return sb.ToString();
    }

    private static string ActionText(StrategyRule rule) => rule.Action switch
    {
        RuleAction.Block => "BLOCK",
        RuleAction.ReduceSize => $"REDUCE SIZE ×{NumberLiteral.Format(rule.SizeFactor)}",
        _ => "REQUIRE APPROVAL",
    };

    private static readonly string[] Dangerous = ["<!--", "-->", "{{", "}}"];

    /// <summary>One line, single spaces, no control characters, none of <see cref="Dangerous"/> (removed until none is
    /// left, since removing one can join the pieces of another).</summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
        var s = sb.ToString();
        string before;
        do
        {
            before = s;
            foreach (var d in Dangerous) s = s.Replace(d, "", StringComparison.Ordinal);
        } while (s != before);
        return string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Truncate(string s) => s.Length <= MaxRationaleLength ? s : s[..(MaxRationaleLength - 1)].TrimEnd() + "…";
}
