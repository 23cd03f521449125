using KisTrader.Core.Rules.Language;

namespace KisTrader.Core.Rules;

/// <summary>
/// The rule language (docs/reflection.md "The rule language"): comparisons of <see cref="RuleFields"/> with numbers,
/// strings or true/false, flags alone, and/or/not, parentheses. Types are checked here, so a condition that parses
/// cannot fail when evaluated.
/// </summary>
public static class RuleLanguage
{
    public const int MaxLength = 512;
    public const int MaxTerms = Parser.MaxTerms;

    /// <summary>Parses <paramref name="condition"/>; throws <see cref="RuleSyntaxException"/> naming every problem, at
    /// the position of the first.</summary>
    public static RuleExpression Parse(string condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var expression = Parse(condition, out var errors);
        if (expression is not null) return expression;
        throw new RuleSyntaxException(string.Join("; ", errors), errors[0].Position);
    }

    public static bool TryParse(string? condition, out RuleExpression? expression, out string? error)
    {
        if (condition is null)
        {
            expression = null;
            error = "the condition is missing";
            return false;
        }
        expression = Parse(condition, out var errors);
        error = expression is null ? string.Join("; ", errors) : null;
        return expression is not null;
    }

    /// <summary>Every problem, one a line (for the validator, which lists each on its own).</summary>
    internal static RuleExpression? Parse(string condition, out IReadOnlyList<RuleError> errors)
    {
        var root = Parser.Parse(condition, out errors);
        return root is null ? null : new RuleExpression(condition, root);
    }
}
