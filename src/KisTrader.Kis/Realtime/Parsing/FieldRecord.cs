using System.Globalization;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>One record of a '^'-separated realtime payload: a window over the frame's fields.
/// Missing values (empty or the literal "(null)" some feeds send) read as null/zero.</summary>
public readonly struct FieldRecord
{
    private readonly string[] _fields;
    private readonly int _start;

    public FieldRecord(string[] fields, int start, int count)
    {
        _fields = fields;
        _start = start;
        Count = count;
    }

    public int Count { get; }

    public string this[int index] =>
        (uint)index < (uint)Count ? _fields[_start + index] : throw new MalformedFrameException($"field {index} is missing");

    public static bool IsMissing(string value) => value.Length == 0 || value == "(null)" || string.IsNullOrWhiteSpace(value);

    /// <summary>The trimmed text, or null when missing.</summary>
    public string? Text(int index)
    {
        var value = this[index];
        return IsMissing(value) ? null : value.Trim();
    }

    public string RequiredText(int index, string name) =>
        Text(index) ?? throw new MalformedFrameException($"{name} (field {index}) is empty");

    public decimal Decimal(int index, string name) => OptionalDecimal(index, name) ?? 0m;

    public decimal? OptionalDecimal(int index, string name)
    {
        var text = Text(index);
        if (text is null)
            return null;
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new MalformedFrameException($"{name} (field {index}) is not a number");
    }

    public long Long(int index, string name)
    {
        var text = Text(index);
        if (text is null)
            return 0;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new MalformedFrameException($"{name} (field {index}) is not a whole number");
    }

    /// <summary>HHMMSS.</summary>
    public TimeOnly Time(int index, string name)
    {
        var text = RequiredText(index, name);
        if (TimeOnly.TryParseExact(text, "HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        throw new MalformedFrameException($"{name} (field {index}) is not HHMMSS");
    }

    /// <summary>YYYYMMDD, or null when missing.</summary>
    public DateOnly? OptionalDate(int index, string name)
    {
        var text = Text(index);
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new MalformedFrameException($"{name} (field {index}) is not YYYYMMDD");
    }
}
