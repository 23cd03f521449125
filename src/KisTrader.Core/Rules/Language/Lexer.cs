using System.Globalization;
using System.Text;

namespace KisTrader.Core.Rules.Language;

/// <summary>Splits a condition into tokens. Stops at the first character it cannot read: after that, positions of
/// later problems would only be guesses.</summary>
internal static class Lexer
{
    private static readonly string[] Keywords = ["and", "or", "not", "true", "false"];

    public static List<Token> Tokenize(string text, out RuleError? error)
    {
        var tokens = new List<Token>();
        error = null;
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length, ""));
                return tokens;
            }
            var start = i;
            var c = text[i];
            Token? token;
            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                token = ReadNumber(text, ref i, out error);
            else if (c == '"')
                token = ReadString(text, ref i, out error);
            else if (char.IsAsciiLetter(c) || c == '_')
                token = ReadWord(text, ref i, out error);
            else
                token = ReadSymbol(text, ref i, out error);
            if (token is null)
            {
                error ??= new RuleError($"unexpected character '{c}'", start);
                return tokens;
            }
            tokens.Add(token);
        }
    }

    private static Token? ReadNumber(string text, ref int i, out RuleError? error)
    {
        error = null;
        var start = i;
        if (text[i] == '-') i++;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                error = new RuleError($"the number '{text[start..i]}' needs digits after its decimal point", start);
                return null;
            }
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_' || text[i] == '.'))
        {
            error = new RuleError($"a number cannot continue with '{text[i]}' (numbers look like 70 or -2.5)", i);
            return null;
        }
        var raw = text[start..i];
        if (!decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = new RuleError($"the number {raw} is too large", start);
            return null;
        }
        return new Token(TokenKind.Number, start, raw, Number: value);
    }

    private static Token? ReadString(string text, ref int i, out RuleError? error)
    {
        error = null;
        var start = i++;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                return new Token(TokenKind.Text, start, text[start..i], Text: sb.ToString());
            }
            if (char.IsControl(c))
            {
                error = new RuleError("a string cannot hold a line break or control character", i);
                return null;
            }
            if (c == '\\')
            {
                if (i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    sb.Append(text[i + 1]);
                    i += 2;
                    continue;
                }
                error = new RuleError("only \\\" and \\\\ may follow a backslash in a string", i);
                return null;
            }
            sb.Append(c);
            i++;
        }
        error = new RuleError("the string is not closed: a closing \" is missing", start);
        return null;
    }

    private static Token? ReadWord(string text, ref int i, out RuleError? error)
    {
        error = null;
        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        var word = text[start..i];
        switch (word)
        {
            case "and": return new Token(TokenKind.And, start, word);
            case "or": return new Token(TokenKind.Or, start, word);
            case "not": return new Token(TokenKind.Not, start, word);
            case "true": return new Token(TokenKind.True, start, word);
            case "false": return new Token(TokenKind.False, start, word);
        }
        var lower = word.ToLowerInvariant();
        if (Keywords.Contains(lower))
        {
            error = new RuleError($"keywords are lower case: write '{lower}' instead of '{word}'", start);
            return null;
        }
        return new Token(TokenKind.Identifier, start, word);
    }

    private static Token? ReadSymbol(string text, ref int i, out RuleError? error)
    {
        error = null;
        var start = i;
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        Token Op(CompareOp op, int length) => new(TokenKind.Compare, start, text.Substring(start, length), Op: op);
        switch (c)
        {
            case '(':
                i++;
                return new Token(TokenKind.LeftParen, start, "(");
            case ')':
                i++;
                return new Token(TokenKind.RightParen, start, ")");
            case '=' when next == '=': i += 2; return Op(CompareOp.Eq, 2);
            case '!' when next == '=': i += 2; return Op(CompareOp.Ne, 2);
            case '<' when next == '=': i += 2; return Op(CompareOp.Le, 2);
            case '>' when next == '=': i += 2; return Op(CompareOp.Ge, 2);
            case '<' when next == '>':
                error = new RuleError("write != for 'not equal', not <>", start);
                return null;
            case '<': i++; return Op(CompareOp.Lt, 1);
            case '>': i++; return Op(CompareOp.Gt, 1);
            case '=':
                error = new RuleError("write == to compare, not =", start);
                return null;
            case '!':
                error = new RuleError("write 'not' to negate, not !", start);
                return null;
            case '&':
                error = new RuleError("write 'and', not &&", start);
                return null;
            case '|':
                error = new RuleError("write 'or', not ||", start);
                return null;
            case '\'':
                error = new RuleError("strings are written in double quotes (\"BUY\"), not single quotes", start);
                return null;
            default:
                return null;
        }
    }
}
