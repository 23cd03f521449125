namespace KisTrader.Core.Rules;

/// <summary>The words rules are written and shown with: categories and actions, read case-insensitively.</summary>
public static class RuleWords
{
    public static string Of(RuleCategory category) => category switch
    {
        RuleCategory.Entry => "entry",
        RuleCategory.Exit => "exit",
        RuleCategory.Risk => "risk",
        _ => "sizing",
    };

    public static string Of(RuleAction action) => action switch
    {
        RuleAction.Block => "block",
        RuleAction.ReduceSize => "reduce_size",
        _ => "require_approval",
    };

    public static bool TryCategory(string? word, out RuleCategory category)
    {
        category = default;
        switch (Key(word))
        {
            case "entry": category = RuleCategory.Entry; return true;
            case "exit": category = RuleCategory.Exit; return true;
            case "risk": category = RuleCategory.Risk; return true;
            case "sizing": category = RuleCategory.Sizing; return true;
            default: return false;
        }
    }

    /// <summary>block, reduce_size, require_approval, in any case, with _, -, a space or nothing between the words.</summary>
    public static bool TryAction(string? word, out RuleAction action)
    {
        action = default;
        switch (Key(word)?.Replace("_", "", StringComparison.Ordinal))
        {
            case "block": action = RuleAction.Block; return true;
            case "reducesize": action = RuleAction.ReduceSize; return true;
            case "requireapproval": action = RuleAction.RequireApproval; return true;
            default: return false;
        }
    }

    // Stems of actions that would loosen trading; named in the refusal so it reads as a refusal, not a typo.
    private static readonly string[] LooseningStems =
    [
        "allow", "permit", "unblock", "increase", "raise", "enlarge", "expand", "extend", "disable", "enable", "remove",
        "relax", "loosen", "lift", "bypass", "override", "ignore", "skip", "waive", "exempt", "boost", "double",
    ];

    public static bool IsLoosening(string? word) => Key(word) is { } k && LooseningStems.Any(s => k.Contains(s, StringComparison.Ordinal));

    private static string? Key(string? word) =>
        string.IsNullOrWhiteSpace(word) ? null : word.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
}
