using System.Globalization;
using System.Text;

namespace KisTrader.Core.Rules.Language;

/// <summary>
/// A condition in canonical form: negations pushed down to the comparisons (so only a flag test can be negated),
/// and/or flattened, their operands sorted and de-duplicated. Evaluation is three-valued (Kleene): null means unknown
/// because a field was absent; the caller treats unknown as "no match". De Morgan and double negation hold in that
/// logic and a comparison's complement is exact for present values, so the canonical form means what was written.
/// </summary>
internal abstract class Node
{
    public abstract bool? Evaluate(RuleFeatures features);

    /// <summary>Canonical text; equal text means equal meaning.</summary>
    public abstract string Render();

    public abstract void CollectFields(ISet<string> fields);

    public override string ToString() => Render();
}

internal enum Junction
{
    And,
    Or,
}

internal sealed class JunctionNode : Node
{
    public JunctionNode(Junction kind, IReadOnlyList<Node> operands)
    {
        Kind = kind;
        Operands = operands;
        Rendered = string.Join(kind == Junction.And ? " and " : " or ", operands.Select(o => o is JunctionNode ? "(" + o.Render() + ")" : o.Render()));
    }

    public Junction Kind { get; }
    public IReadOnlyList<Node> Operands { get; }
    private string Rendered { get; }

    /// <summary>Flattens nested junctions of the same kind, sorts and de-duplicates operands (a and a is a); one operand
    /// is returned as itself.</summary>
    public static Node Of(Junction kind, IEnumerable<Node> operands)
    {
        var flat = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var operand in operands)
        {
            if (operand is JunctionNode j && j.Kind == kind)
                foreach (var inner in j.Operands) flat.TryAdd(inner.Render(), inner);
            else
                flat.TryAdd(operand.Render(), operand);
        }
        var sorted = flat.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
        return sorted.Count == 1 ? sorted[0] : new JunctionNode(kind, sorted);
    }

    public override bool? Evaluate(RuleFeatures features)
    {
        var unknown = false;
        foreach (var operand in Operands)
        {
            switch (operand.Evaluate(features))
            {
                case null: unknown = true; break;
                case true when Kind == Junction.Or: return true;
                case false when Kind == Junction.And: return false;
            }
        }
        return unknown ? null : Kind == Junction.And;
    }

    public override string Render() => Rendered;

    public override void CollectFields(ISet<string> fields)
    {
        foreach (var operand in Operands) operand.CollectFields(fields);
    }
}

/// <summary>A flag alone (<c>held</c>) or negated (<c>not held</c>, also the form of <c>held == false</c>).</summary>
internal sealed class FlagNode(string field, bool expected) : Node
{
    public string Field { get; } = field;
    public bool Expected { get; } = expected;

    public FlagNode Negated() => new(Field, !Expected);

    public override bool? Evaluate(RuleFeatures features) => features.TryGetFlag(Field, out var value) ? value == Expected : null;

    public override string Render() => Expected ? Field : "not " + Field;

    public override void CollectFields(ISet<string> fields) => fields.Add(Field);
}

/// <summary>A value on the right of a comparison: a literal, or another field of the same type.</summary>
internal abstract record Operand
{
    public abstract string Render();
}

internal sealed record NumberLiteral(decimal Value) : Operand
{
    public override string Render() => Format(Value);

    /// <summary>Invariant, without trailing zeros or exponent: 70.0 and 70 are both "70".</summary>
    public static string Format(decimal value)
    {
        var s = value.ToString(CultureInfo.InvariantCulture);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }
}

internal sealed record TextLiteral(string Value) : Operand
{
    public override string Render() => Quote(Value);

    public static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}

internal sealed record FieldOperand(string Field) : Operand
{
    public override string Render() => Field;
}

/// <summary><c>field op value</c> with the field on the left (a field-to-field comparison puts the name that sorts
/// first on the left). Types were checked by the parser: numbers with numbers, text with text (==, !=), flags with
/// flags (==, !=).</summary>
internal sealed class CompareNode(string field, RuleFieldType type, CompareOp op, Operand right) : Node
{
    public string Field { get; } = field;
    public RuleFieldType Type { get; } = type;
    public CompareOp Op { get; } = op;
    public Operand Right { get; } = right;

    public CompareNode Negated() => new(Field, Type, Op.Complement(), Right);

    public override bool? Evaluate(RuleFeatures features)
    {
        switch (Type)
        {
            case RuleFieldType.Number:
                if (!features.TryGetNumber(Field, out var left)) return null;
                decimal number;
                if (Right is NumberLiteral n) number = n.Value;
                else if (Right is FieldOperand f && features.TryGetNumber(f.Field, out var other)) number = other;
                else return null;
                return Op.Holds(left.CompareTo(number));
            case RuleFieldType.Text:
                if (!features.TryGetText(Field, out var text)) return null;
                string value;
                if (Right is TextLiteral t) value = t.Value;
                else if (Right is FieldOperand f && features.TryGetText(f.Field, out var otherText)) value = otherText;
                else return null;
                return Op.Holds(string.CompareOrdinal(text, value) == 0 ? 0 : 1);
            default:
                if (!features.TryGetFlag(Field, out var flag)) return null;
                if (Right is not FieldOperand g || !features.TryGetFlag(g.Field, out var otherFlag)) return null;
                return Op.Holds(flag == otherFlag ? 0 : 1);
        }
    }

    public override string Render() => $"{Field} {Op.Symbol()} {Right.Render()}";

    public override void CollectFields(ISet<string> fields)
    {
        fields.Add(Field);
        if (Right is FieldOperand f) fields.Add(f.Field);
    }
}
