namespace KisTrader.Core.Rules;

/// <summary>The verdict of <see cref="RuleFormatValidator"/>: every problem, one sentence each, and whatever parsed
/// (also when invalid, so a report can show it). SizeFactor is the proposal's factor for reduce_size, else 1.</summary>
public sealed record RuleValidation(
    bool IsValid,
    IReadOnlyList<string> Errors,
    RuleCategory? Category,
    RuleAction? Action,
    decimal SizeFactor,
    int? Priority,
    RuleExpression? Expression);
