using System.Collections.Concurrent;
using System.Globalization;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>One record of a '^'-separated realtime payload: a window over the frame's fields, read in place (a field is
/// a span of the frame's text; nothing is copied until a caller asks for a string). Missing values (empty, blank or the
/// literal "(null)" some feeds send) read as null/zero.</summary>
public readonly struct FieldRecord
{
    private readonly string _text;
    // Start of each field in _text; the field ends one character (the '^') before the next start.
    private readonly int[] _starts;
    private readonly int _first;

    /// <param name="text">The text holding the fields.</param>
    /// <param name="starts">Start offset of every field in <paramref name="text"/>, plus one past the last field's end + 1.</param>
    /// <param name="first">The record's first field.</param>
    /// <param name="count">Fields in the record.</param>
    internal FieldRecord(string text, int[] starts, int first, int count)
    {
        _text = text;
        _starts = starts;
        _first = first;
        Count = count;
    }

    public int Count { get; }

    public string this[int index] => Span(index).ToString();

    /// <summary>The field as sent (untrimmed).</summary>
    public ReadOnlySpan<char> Span(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new MalformedFrameException($"field {index} is missing");
        var start = _starts[_first + index];
        return _text.AsSpan(start, _starts[_first + index + 1] - 1 - start);
    }

    public static bool IsMissing(string value) => IsMissing(value.AsSpan());

    public static bool IsMissing(ReadOnlySpan<char> value) => value.IsEmpty || value.SequenceEqual("(null)") || value.IsWhiteSpace();

    /// <summary>The trimmed field, empty when missing.</summary>
    private ReadOnlySpan<char> Value(int index)
    {
        var value = Span(index);
        // The common field starts and ends with a printable ASCII character other than '(': then it is not missing
        // (neither empty, blank nor "(null)") and Trim would return it unchanged, so neither check needs running.
        if (!value.IsEmpty && IsPlainEnd(value[0]) && value[0] != '(' && IsPlainEnd(value[^1]))
            return value;
        return IsMissing(value) ? [] : value.Trim();
    }

    // Printable ASCII, not a space: no char.IsWhiteSpace character is in this range.
    private static bool IsPlainEnd(char c) => (uint)(c - '!') <= '~' - '!';

    /// <summary>The trimmed text, or null when missing.</summary>
    public string? Text(int index)
    {
        var value = Value(index);
        return value.IsEmpty ? null : value.ToString();
    }

    /// <summary>Whether the trimmed field is <paramref name="expected"/> (a missing field is nothing).</summary>
    public bool Is(int index, string expected, StringComparison comparison = StringComparison.Ordinal)
    {
        var value = Value(index);
        return !value.IsEmpty && value.Equals(expected, comparison);
    }

    public string RequiredText(int index, string name) =>
        Text(index) ?? throw new MalformedFrameException($"{name} (field {index}) is empty");

    /// <summary><see cref="RequiredText"/> for a field with few distinct values (a ticker): the same string instance
    /// for the same text, so a steady feed allocates none.</summary>
    public string RequiredPooledText(int index, string name)
    {
        var value = Value(index);
        if (value.IsEmpty)
            throw new MalformedFrameException($"{name} (field {index}) is empty");
        return TextPool.Get(value);
    }

    public decimal Decimal(int index, string name) => OptionalDecimal(index, name) ?? 0m;

    public decimal? OptionalDecimal(int index, string name)
    {
        var text = Value(index);
        if (text.IsEmpty)
            return null;
        if (TryParseSimpleDecimal(text, out var value)
            || decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return value;
        throw new MalformedFrameException($"{name} (field {index}) is not a number");
    }

    public long Long(int index, string name)
    {
        var text = Value(index);
        if (text.IsEmpty)
            return 0;
        if (TryParseSimpleLong(text, out var value)
            || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return value;
        throw new MalformedFrameException($"{name} (field {index}) is not a whole number");
    }

    /// <summary>HHMMSS.</summary>
    public TimeOnly Time(int index, string name)
    {
        var text = Value(index);
        if (text.IsEmpty)
            throw new MalformedFrameException($"{name} (field {index}) is empty");
        if (text.Length == 6 && TryDigits(text[..2], out var h) && TryDigits(text[2..4], out var m) && TryDigits(text[4..], out var s)
            && h < 24 && m < 60 && s < 60)
            return new TimeOnly(h, m, s);
        if (TimeOnly.TryParseExact(text, "HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        throw new MalformedFrameException($"{name} (field {index}) is not HHMMSS");
    }

    /// <summary>YYYYMMDD, or null when missing.</summary>
    public DateOnly? OptionalDate(int index, string name)
    {
        var text = Value(index);
        if (text.IsEmpty)
            return null;
        if (text.Length == 8 && TryDigits(text[..4], out var y) && TryDigits(text[4..6], out var m) && TryDigits(text[6..], out var d)
            && y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
            return new DateOnly(y, m, d);
        if (DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new MalformedFrameException($"{name} (field {index}) is not YYYYMMDD");
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>The common shape, [sign]digits[.digits] with at most 18 digits, read without the general parser; the
    /// same value and scale as decimal.TryParse. Anything else (and a negative zero) is left to decimal.TryParse.</summary>
    internal static bool TryParseSimpleDecimal(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var scale = -1; // digits after the point, once one is seen
        var beforePoint = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (++digits > 18) return false;
                mantissa = mantissa * 10 + (uint)(c - '0');
                if (scale >= 0) scale++;
                else beforePoint++;
            }
            else if (c == '.' && scale < 0 && beforePoint > 0)
                scale = 0;
            else
                return false;
        }
        if (digits == 0 || scale == 0 || (negative && mantissa == 0))
            return false;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>[sign]digits with at most 18 digits (always within a long), read without the general parser; the same
    /// value as long.TryParse. Anything else is left to long.TryParse.</summary>
    internal static bool TryParseSimpleLong(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var i = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        if (text.Length == i || text.Length - i > 18)
            return false;
        long magnitude = 0;
        for (var k = i; k < text.Length; k++)
        {
            var digit = (uint)(text[k] - '0');
            if (digit > 9) return false;
            magnitude = magnitude * 10 + digit;
        }
        value = text[0] == '-' ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Strings for recurring field values (tickers), looked up by their characters; bounded, beyond which
    /// values are allocated as usual.</summary>
    private static class TextPool
    {
        private const int MaxEntries = 8192;
        private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
            Pool.GetAlternateLookup<ReadOnlySpan<char>>();

        public static string Get(ReadOnlySpan<char> value)
        {
            if (Lookup.TryGetValue(value, out var pooled))
                return pooled;
            var text = value.ToString();
            return Pool.Count < MaxEntries ? Pool.GetOrAdd(text, text) : text;
        }
    }
}
