namespace KisTrader.Core.Rules;

/// <summary>A rule condition that is not valid in the rule language. <see cref="Position"/> is the 0-based character
/// index of the first problem (the message names it too, and lists any further problems).</summary>
public sealed class RuleSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
