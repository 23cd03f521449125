using System.Globalization;
using System.Text.Json;

namespace KisTrader.Kis.Rest;

/// <summary>Reads KIS JSON: every value is a string (§3.3), numbers may be zero-padded or signed. Unknown fields are ignored.</summary>
internal static class KisJson
{
    public static string? OptionalString(JsonElement obj, string field)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(field, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    /// <summary>An object payload that KIS sends either as an object or as a one-element array (output2 of inquire_balance).</summary>
    public static KisRow Object(this KisResponse response, string field)
    {
        if (!response.Body.TryGetProperty(field, out var v))
            throw new KisResponseFormatException(response.TrId, field, "is missing");
        if (v.ValueKind == JsonValueKind.Object) return new KisRow(response.TrId, v);
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0 && v[0].ValueKind == JsonValueKind.Object)
            return new KisRow(response.TrId, v[0]);
        throw new KisResponseFormatException(response.TrId, field, "is not an object");
    }

    public static KisRow? OptionalObject(this KisResponse response, string field)
    {
        if (!response.Body.TryGetProperty(field, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0) return null;
        return response.Object(field);
    }

    /// <summary>An array payload (rows). An object is read as one row; empty objects are skipped (KIS pads some arrays with
    /// them, python-kis filters them out the same way); a missing array is an error.</summary>
    public static IReadOnlyList<KisRow> Rows(this KisResponse response, string field)
    {
        if (!response.Body.TryGetProperty(field, out var v))
            throw new KisResponseFormatException(response.TrId, field, "is missing");
        return v.ValueKind switch
        {
            JsonValueKind.Array => v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Any()).Select(e => new KisRow(response.TrId, e)).ToList(),
            JsonValueKind.Object => [new KisRow(response.TrId, v)],
            JsonValueKind.Null => [],
            _ => throw new KisResponseFormatException(response.TrId, field, "is not an array"),
        };
    }
}

/// <summary>One KIS object with typed, field-named access. Required readers fail with the field's name.</summary>
internal readonly struct KisRow(string trId, JsonElement obj)
{
    public JsonElement Element => obj;

    public bool Has(string field) => KisJson.OptionalString(obj, field) is not null;

    public string? OptionalString(string field) => KisJson.OptionalString(obj, field)?.Trim();

    public string String(string field) =>
        KisJson.OptionalString(obj, field)?.Trim() ?? throw new KisResponseFormatException(trId, field, "is missing");

    /// <summary>A required number; blank is an error.</summary>
    public decimal Decimal(string field) => ParseDecimal(field, String(field), blankIsZero: false);

    /// <summary>A number KIS may leave blank or omit (secondary fields): blank or missing is 0; a non-number is still an error.</summary>
    public decimal DecimalOrZero(string field) =>
        KisJson.OptionalString(obj, field) is { } s ? ParseDecimal(field, s.Trim(), blankIsZero: true) : 0m;

    public long Long(string field) => ToLong(field, Decimal(field));

    public long LongOrZero(string field) => ToLong(field, DecimalOrZero(field));

    /// <summary>YYYYMMDD.</summary>
    public DateOnly Date(string field)
    {
        var s = String(field);
        return DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new KisResponseFormatException(trId, field, "is not a YYYYMMDD date");
    }

    /// <summary>HHMMSS (HHMM accepted).</summary>
    public TimeOnly Time(string field)
    {
        var s = String(field);
        if (TimeOnly.TryParseExact(s, "HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        if (TimeOnly.TryParseExact(s, "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out t)) return t;
        throw new KisResponseFormatException(trId, field, "is not an HHMMSS time");
    }

    private decimal ParseDecimal(string field, string s, bool blankIsZero)
    {
        if (s.Length == 0)
            return blankIsZero ? 0m : throw new KisResponseFormatException(trId, field, "is blank");
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new KisResponseFormatException(trId, field, "is not a number");
    }

    private long ToLong(string field, decimal d) =>
        d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue
            ? (long)d
            : throw new KisResponseFormatException(trId, field, "is not a whole number");
}
