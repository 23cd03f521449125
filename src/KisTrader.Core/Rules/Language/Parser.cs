namespace KisTrader.Core.Rules.Language;

/// <summary>
/// Recursive descent over the tokens, lowest precedence first: or, and, not, then a comparison, a flag alone or a
/// parenthesised condition. Builds the canonical form directly (see <see cref="Node"/>). Syntax errors stop the parse;
/// unknown fields and type errors are collected and the parse goes on, so a reader sees every such problem at once.
/// </summary>
internal sealed class Parser
{
    public const int MaxTerms = 64;
    // Deep nesting is never needed for a readable rule; the bound also keeps the recursion shallow.
    public const int MaxDepth = 32;

    private readonly List<Token> _tokens;
    private readonly List<RuleError> _errors = [];
    private int _next;
    private int _terms;
    private int _depth;

    private Parser(List<Token> tokens) => _tokens = tokens;

    /// <summary>The canonical tree, or null with at least one error.</summary>
    public static Node? Parse(string text, out IReadOnlyList<RuleError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors = [new RuleError("the condition is empty", 0)];
            return null;
        }
        if (text.Length > RuleLanguage.MaxLength)
        {
            errors = [new RuleError($"the condition is {text.Length} characters long, more than the {RuleLanguage.MaxLength} allowed", RuleLanguage.MaxLength)];
            return null;
        }
        var tokens = Lexer.Tokenize(text, out var lexError);
        if (lexError is not null)
        {
            errors = [lexError];
            return null;
        }
        var parser = new Parser(tokens);
        Node? root = null;
        try
        {
            root = parser.ParseOr();
            if (parser.Peek.Kind != TokenKind.End)
                throw parser.Syntax($"unexpected {parser.Peek.Describe()}: join conditions with 'and' or 'or'", parser.Peek);
            if (parser._terms > MaxTerms)
                parser._errors.Add(new RuleError($"the condition has {parser._terms} terms, more than the {MaxTerms} allowed", 0));
        }
        catch (SyntaxError e)
        {
            parser._errors.Add(e.Error);
        }
        errors = parser._errors;
        return parser._errors.Count == 0 ? root : null;
    }

    private sealed class SyntaxError(RuleError error) : Exception(error.Message)
    {
        public RuleError Error { get; } = error;
    }

    private SyntaxError Syntax(string message, Token at) => new(new RuleError(message, at.Position));

    private Token Peek => _tokens[_next];

    private Token Advance() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    private Node ParseOr()
    {
        var operands = new List<Node> { ParseAnd() };
        while (Peek.Kind == TokenKind.Or)
        {
            Advance();
            operands.Add(ParseAnd());
        }
        return operands.Count == 1 ? operands[0] : JunctionNode.Of(Junction.Or, operands);
    }

    private Node ParseAnd()
    {
        var operands = new List<Node> { ParseUnary() };
        while (Peek.Kind == TokenKind.And)
        {
            Advance();
            operands.Add(ParseUnary());
        }
        return operands.Count == 1 ? operands[0] : JunctionNode.Of(Junction.And, operands);
    }

    private Node ParseUnary()
    {
        if (Peek.Kind != TokenKind.Not) return ParsePrimary();
        var not = Advance();
        Enter(not);
        try
        {
            return Negate(ParseUnary());
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParsePrimary()
    {
        var token = Peek;
        if (token.Kind == TokenKind.LeftParen)
        {
            Advance();
            Enter(token);
            try
            {
                var inner = ParseOr();
                if (Peek.Kind != TokenKind.RightParen)
                    throw Syntax($"expected ')' to close the '(' at position {token.Position}, found {Peek.Describe()}", Peek);
                Advance();
                return inner;
            }
            finally
            {
                _depth--;
            }
        }

        var left = ParseOperand();
        if (Peek.Kind == TokenKind.Compare)
        {
            var op = Advance();
            var right = ParseOperand();
            _terms++;
            return Compare(left, op, right);
        }
        _terms++;
        return Alone(left);
    }

    private void Enter(Token at)
    {
        if (++_depth > MaxDepth) throw Syntax($"the condition nests deeper than {MaxDepth} levels", at);
    }

    private sealed record Term(Token Token, RuleField? Field);

    private Term ParseOperand()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                Advance();
                var field = RuleFields.Find(token.Raw);
                if (field is null) _errors.Add(new RuleError(UnknownField(token.Raw), token.Position));
                return new Term(token, field);
            case TokenKind.Number or TokenKind.Text or TokenKind.True or TokenKind.False:
                Advance();
                return new Term(token, null);
            case TokenKind.End:
                throw Syntax("the condition ends too early: a field, a value, 'not' or '(' is missing", token);
            default:
                throw Syntax($"expected a field, a value, 'not' or '(' but found {token.Describe()}", token);
        }
    }

    private static bool IsLiteral(Term t) => t.Token.Kind is TokenKind.Number or TokenKind.Text or TokenKind.True or TokenKind.False;

    private Node Alone(Term term)
    {
        if (IsLiteral(term))
            return Invalid($"a value alone ({term.Token.Raw}) is not a condition: compare a field with it", term.Token);
        if (term.Field is not { } field) return InvalidNode.Instance;
        return field.Type switch
        {
            RuleFieldType.Flag => new FlagNode(field.Name, true),
            RuleFieldType.Number => Invalid($"{field.Name} is a number, not a condition: compare it, e.g. {field.Name} > 0", term.Token),
            _ => Invalid($"{field.Name} is text, not a condition: compare it, e.g. {field.Name} == {Example(field)}", term.Token),
        };
    }

    private Node Compare(Term left, Token op, Term right)
    {
        if (IsLiteral(left) && IsLiteral(right))
            return Invalid($"{left.Token.Raw} {op.Raw} {right.Token.Raw} compares two values: one side must be a field", left.Token);
        // The field goes on the left: 70 <= rsi14 is rsi14 >= 70.
        var compareOp = op.Op;
        if (IsLiteral(left))
        {
            (left, right) = (right, left);
            compareOp = compareOp.Swapped();
        }
        if (left.Field is not { } field) return InvalidNode.Instance;

        if (!IsLiteral(right))
        {
            if (right.Field is not { } other) return InvalidNode.Instance;
            if (other.Name == field.Name)
                return Invalid($"{field.Name} is compared with itself", left.Token);
            if (other.Type != field.Type)
                return Invalid($"{field.Name} is {TypeName(field.Type)} and {other.Name} is {TypeName(other.Type)}: they cannot be compared", op);
            if (field.Type != RuleFieldType.Number && !compareOp.IsEquality())
                return Invalid($"{field.Name} and {other.Name} are {TypeName(field.Type)}: only == and != compare them, not {op.Raw}", op);
            return string.CompareOrdinal(field.Name, other.Name) < 0
                ? new CompareNode(field.Name, field.Type, compareOp, new FieldOperand(other.Name))
                : new CompareNode(other.Name, field.Type, compareOp.Swapped(), new FieldOperand(field.Name));
        }

        var value = right.Token;
        switch (field.Type)
        {
            case RuleFieldType.Number:
                if (value.Kind != TokenKind.Number)
                    return Invalid($"{field.Name} is a number and cannot be compared with {value.Raw}", value);
                return new CompareNode(field.Name, field.Type, compareOp, new NumberLiteral(value.Number));
            case RuleFieldType.Text:
                if (value.Kind != TokenKind.Text)
                    return Invalid($"{field.Name} is text and cannot be compared with {value.Raw}: write a string in double quotes, e.g. {Example(field)}", value);
                if (!compareOp.IsEquality())
                    return Invalid($"{field.Name} is text: only == and != compare text, not {op.Raw}", op);
                if (field.Values is { Count: > 0 } allowed && !allowed.Contains(value.Text!, StringComparer.Ordinal))
                    return Invalid($"{field.Name} is {string.Join(" or ", allowed.Select(TextLiteral.Quote))}, never {value.Raw}", value);
                if (field.Name == "ticker" && !IsTickerCode(value.Text!))
                    return Invalid($"ticker is a 6-character KRX code such as \"005930\", not {value.Raw}", value);
                return new CompareNode(field.Name, field.Type, compareOp, new TextLiteral(value.Text!));
            default:
                if (value.Kind is not (TokenKind.True or TokenKind.False))
                    return Invalid($"{field.Name} is a flag and can only be compared with true or false, not {value.Raw} (or write it alone: {field.Name}, not {field.Name})", value);
                if (!compareOp.IsEquality())
                    return Invalid($"{field.Name} is a flag: only == and != compare it, not {op.Raw}", op);
                // held == true, held != false and held alone mean the same.
                return new FlagNode(field.Name, (value.Kind == TokenKind.True) == (compareOp == CompareOp.Eq));
        }
    }

    private static bool IsTickerCode(string s) => s.Length == 6 && s.All(char.IsAsciiLetterOrDigit);

    private static Node Negate(Node node) => node switch
    {
        JunctionNode j => JunctionNode.Of(j.Kind == Junction.And ? Junction.Or : Junction.And, j.Operands.Select(Negate)),
        FlagNode f => f.Negated(),
        CompareNode c => c.Negated(),
        _ => node,
    };

    private Node Invalid(string message, Token at)
    {
        _errors.Add(new RuleError(message, at.Position));
        return InvalidNode.Instance;
    }

    private static string TypeName(RuleFieldType type) => type switch
    {
        RuleFieldType.Number => "a number",
        RuleFieldType.Text => "text",
        _ => "a flag",
    };

    private static string Example(RuleField field) => field.Values is { Count: > 0 } v ? TextLiteral.Quote(v[0]) : "\"005930\"";

    private static string UnknownField(string name)
    {
        var guess = RuleFields.All
            .Select(f => (f.Name, Distance: Levenshtein(name.ToLowerInvariant(), f.Name)))
            .Where(x => x.Distance <= 2 || x.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.Distance)
            .Select(x => x.Name)
            .FirstOrDefault();
        return guess is null
            ? $"unknown field '{name}' (fields are listed in RuleFields, e.g. rsi14, change_pct, side)"
            : $"unknown field '{name}' (did you mean {guess}?)";
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Stands where a problem was found so the parse can go on; never part of a returned tree.</summary>
    private sealed class InvalidNode : Node
    {
        public static readonly InvalidNode Instance = new();

        public override bool? Evaluate(RuleFeatures features) => null;

        public override string Render() => "<invalid>";

        public override void CollectFields(ISet<string> fields) { }
    }
}
