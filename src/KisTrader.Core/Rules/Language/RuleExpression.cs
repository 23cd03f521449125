using System.Collections.Frozen;
using KisTrader.Core.Rules.Language;

namespace KisTrader.Core.Rules;

/// <summary>
/// A parsed, type-checked rule condition. Immutable, so one instance is safely evaluated from many threads.
/// </summary>
public sealed class RuleExpression
{
    private readonly Node _root;

    internal RuleExpression(string text, Node root)
    {
        Text = text;
        _root = root;
        Normalized = root.Render();
        var fields = new HashSet<string>(StringComparer.Ordinal);
        root.CollectFields(fields);
        Fields = fields.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <summary>The canonical form: conditions that mean the same read the same (whitespace, parentheses, the order of
    /// and/or operands, 70 vs 70.0, 70 &lt;= rsi14 vs rsi14 &gt;= 70, not pushed down to the comparisons).</summary>
    public string Normalized { get; }

    /// <summary>The field names the condition reads.</summary>
    public IReadOnlySet<string> Fields { get; }

    /// <summary>True when the condition holds for <paramref name="features"/>. Never throws. A comparison with an
    /// absent field is unknown, and so is its negation: an unknown result is no match.</summary>
    public bool Evaluate(RuleFeatures features) => features is not null && _root.Evaluate(features) == true;

    /// <summary>True when the condition is <c>field == "value"</c> or an and whose operands include it: the condition
    /// can only hold where that comparison holds.</summary>
    internal bool RequiresAtTopLevel(string field, string value)
    {
        static bool Is(Node n, string field, string value) =>
            n is CompareNode { Op: CompareOp.Eq, Right: TextLiteral t } c && c.Field == field && t.Value == value;
        return Is(_root, field, value) || (_root is JunctionNode { Kind: Junction.And } j && j.Operands.Any(o => Is(o, field, value)));
    }

    public override string ToString() => Text;
}
