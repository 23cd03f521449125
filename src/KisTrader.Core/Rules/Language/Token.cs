namespace KisTrader.Core.Rules.Language;

internal enum TokenKind
{
    Number,
    Text,
    Identifier,
    And,
    Or,
    Not,
    True,
    False,
    Compare,
    LeftParen,
    RightParen,
    End,
}

internal enum CompareOp
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// <summary>One lexeme. Value holds the decimal of a number and the unescaped content of a string.</summary>
internal sealed record Token(TokenKind Kind, int Position, string Raw, decimal Number = 0m, string? Text = null, CompareOp Op = CompareOp.Eq)
{
    public string Describe() => Kind == TokenKind.End ? "the end of the condition" : $"'{Raw}'";
}

/// <summary>A problem found in a condition, at a 0-based character position.</summary>
internal sealed record RuleError(string Message, int Position)
{
    public override string ToString() => $"{Message} (at position {Position})";
}

internal static class CompareOps
{
    public static string Symbol(this CompareOp op) => op switch
    {
        CompareOp.Eq => "==",
        CompareOp.Ne => "!=",
        CompareOp.Lt => "<",
        CompareOp.Le => "<=",
        CompareOp.Gt => ">",
        _ => ">=",
    };

    /// <summary>The operator with its sides swapped: a &lt; b is b &gt; a.</summary>
    public static CompareOp Swapped(this CompareOp op) => op switch
    {
        CompareOp.Lt => CompareOp.Gt,
        CompareOp.Le => CompareOp.Ge,
        CompareOp.Gt => CompareOp.Lt,
        CompareOp.Ge => CompareOp.Le,
        _ => op,
    };

    /// <summary>The operator of the negated comparison: not (a &lt; b) is a &gt;= b (values are totally ordered).</summary>
    public static CompareOp Complement(this CompareOp op) => op switch
    {
        CompareOp.Eq => CompareOp.Ne,
        CompareOp.Ne => CompareOp.Eq,
        CompareOp.Lt => CompareOp.Ge,
        CompareOp.Le => CompareOp.Gt,
        CompareOp.Gt => CompareOp.Le,
        _ => CompareOp.Lt,
    };

    public static bool IsEquality(this CompareOp op) => op is CompareOp.Eq or CompareOp.Ne;

    public static bool Holds(this CompareOp op, int comparison) => op switch
    {
        CompareOp.Eq => comparison == 0,
        CompareOp.Ne => comparison != 0,
        CompareOp.Lt => comparison < 0,
        CompareOp.Le => comparison <= 0,
        CompareOp.Gt => comparison > 0,
        _ => comparison >= 0,
    };
}
