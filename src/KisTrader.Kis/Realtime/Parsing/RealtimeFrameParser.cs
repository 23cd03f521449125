using System.Globalization;

namespace KisTrader.Kis.Realtime.Parsing;

public enum RealtimeMessageKind
{
    /// <summary>JSON: subscribe acks, errors, PINGPONG.</summary>
    Control,
    /// <summary><c>0|…</c> plain or <c>1|…</c> encrypted data.</summary>
    Data,
    Unknown,
}

/// <summary>Splits a realtime text message into its frame header and records (KIS_API.md §6.5). Pure; throws
/// <see cref="MalformedFrameException"/> for anything it cannot read.</summary>
public static class RealtimeFrameParser
{
    public static RealtimeMessageKind Classify(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty)
            return RealtimeMessageKind.Unknown;
        return trimmed[0] switch
        {
            '{' => RealtimeMessageKind.Control,
            '0' or '1' => RealtimeMessageKind.Data,
            _ => RealtimeMessageKind.Unknown,
        };
    }

    public static RealtimeFrame ParseFrame(string text)
    {
        var parts = text.Split('|', 4);
        if (parts.Length != 4)
            throw new MalformedFrameException("frame does not have the four '|'-separated parts");
        var encrypted = parts[0] switch
        {
            "0" => false,
            "1" => true,
            _ => throw new MalformedFrameException("encryption flag is neither 0 nor 1"),
        };
        var trId = parts[1].Trim();
        if (trId.Length == 0 || !trId.All(char.IsAsciiLetterOrDigit))
            throw new MalformedFrameException("TR ID is missing or invalid");
        if (parts[2].Length == 0 || !parts[2].All(char.IsAsciiDigit)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            throw new MalformedFrameException($"{trId}: record count is not a positive number");
        // Plaintext payloads keep trailing whitespace-free text; a trailing CR/LF would break the last field.
        return new RealtimeFrame(encrypted, trId, count, parts[3].TrimEnd('\r', '\n'));
    }

    /// <summary>Splits a payload of <paramref name="recordCount"/> concatenated records. Records may carry more fields
    /// than <paramref name="minFieldsPerRecord"/> (KIS appends fields over time); fewer is malformed.</summary>
    public static IReadOnlyList<FieldRecord> SplitRecords(string trId, string payload, int recordCount, int minFieldsPerRecord)
    {
        var fields = payload.Split('^');
        var total = fields.Length;
        // A trailing '^' adds one empty field; tolerate it when it is what breaks the division.
        if (total % recordCount != 0 && total > 1 && fields[^1].Length == 0 && (total - 1) % recordCount == 0)
            total--;
        if (total % recordCount != 0)
            throw new MalformedFrameException($"{trId}: {total} fields do not split into {recordCount} records");
        var perRecord = total / recordCount;
        if (perRecord < minFieldsPerRecord)
            throw new MalformedFrameException($"{trId}: {perRecord} fields per record, at least {minFieldsPerRecord} expected");
        var records = new FieldRecord[recordCount];
        for (var i = 0; i < recordCount; i++)
            records[i] = new FieldRecord(fields, i * perRecord, perRecord);
        return records;
    }
}
