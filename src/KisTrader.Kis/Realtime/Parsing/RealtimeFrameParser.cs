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

/// <summary>A frame's header read in place: the payload stays in the frame's text at [<see cref="PayloadStart"/>,
/// + <see cref="PayloadLength"/>).</summary>
public readonly record struct RealtimeFrameHeader(bool Encrypted, string TrId, int RecordCount, int PayloadStart, int PayloadLength);

/// <summary>Splits a realtime text message into its frame header and records (KIS_API.md §6.5). Pure; throws
/// <see cref="MalformedFrameException"/> for anything it cannot read. Reads the text in place (the live feed's hot
/// path: issue 18, goal 1).</summary>
public static class RealtimeFrameParser
{
    private static readonly string[] KnownTrIds =
        [RealtimeTrIds.Trades, RealtimeTrIds.OrderBook, RealtimeTrIds.NoticeReal, RealtimeTrIds.NoticePaper];

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
        var h = ParseHeader(text);
        return new RealtimeFrame(h.Encrypted, h.TrId, h.RecordCount, text.Substring(h.PayloadStart, h.PayloadLength));
    }

    /// <summary><see cref="ParseFrame"/> without copying the payload.</summary>
    public static RealtimeFrameHeader ParseHeader(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOf('|');
        var second = first < 0 ? -1 : span[(first + 1)..].IndexOf('|');
        var third = second < 0 ? -1 : span[(first + second + 2)..].IndexOf('|');
        if (third < 0)
            throw new MalformedFrameException("frame does not have the four '|'-separated parts");
        second += first + 1;
        third += second + 1;
        var encrypted = span[..first] switch
        {
            "0" => false,
            "1" => true,
            _ => throw new MalformedFrameException("encryption flag is neither 0 nor 1"),
        };
        var trSpan = span[(first + 1)..second].Trim();
        if (trSpan.IsEmpty || trSpan.ContainsAnyExcept(AsciiLettersAndDigits))
            throw new MalformedFrameException("TR ID is missing or invalid");
        var trId = Known(trSpan);
        var countSpan = span[(second + 1)..third];
        if (countSpan.IsEmpty || countSpan.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(countSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            throw new MalformedFrameException($"{trId}: record count is not a positive number");
        // Plaintext payloads keep trailing whitespace-free text; a trailing CR/LF would break the last field.
        var payload = span[(third + 1)..].TrimEnd("\r\n".AsSpan());
        return new RealtimeFrameHeader(encrypted, trId, count, third + 1, payload.Length);
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The TR IDs the product handles as their constants (no string per frame); others copied.</summary>
    private static string Known(ReadOnlySpan<char> trId)
    {
        foreach (var known in KnownTrIds)
            if (trId.SequenceEqual(known))
                return known;
        return trId.ToString();
    }

    /// <summary>Splits a payload of <paramref name="recordCount"/> concatenated records. Records may carry more fields
    /// than <paramref name="minFieldsPerRecord"/> (KIS appends fields over time); fewer is malformed.</summary>
    public static IReadOnlyList<FieldRecord> SplitRecords(string trId, string payload, int recordCount, int minFieldsPerRecord)
    {
        var starts = FieldStarts(payload, 0, payload.Length, null);
        var perRecord = PerRecord(trId, starts.Starts, starts.Fields, recordCount, minFieldsPerRecord);
        var records = new FieldRecord[recordCount];
        for (var i = 0; i < recordCount; i++)
            records[i] = new FieldRecord(payload, starts.Starts, i * perRecord, perRecord);
        return records;
    }

    /// <summary>The start of every '^'-separated field of text[start, start + length), and one past the end + 1 (as
    /// if a separator followed), in <paramref name="reuse"/> when it is long enough.</summary>
    internal static (int[] Starts, int Fields) FieldStarts(string text, int start, int length, int[]? reuse)
    {
        // Room for the worst case (every character a separator) so that the split is one pass, without counting first.
        var starts = reuse is not null && reuse.Length >= length + 2 ? reuse : new int[Math.Max(length + 2, reuse?.Length * 2 ?? 0)];
        var fields = FieldSplitter.Starts(text.AsSpan(start, length), start, starts);
        return (starts, fields);
    }

    /// <summary>Fields per record, checking the count divides them (a trailing '^' adds one empty field: tolerated
    /// when it is what breaks the division).</summary>
    internal static int PerRecord(string trId, int[] starts, int fields, int recordCount, int minFieldsPerRecord)
    {
        var total = fields;
        var lastFieldEmpty = starts[fields] - 1 == starts[fields - 1];
        if (total % recordCount != 0 && total > 1 && lastFieldEmpty && (total - 1) % recordCount == 0)
            total--;
        if (total % recordCount != 0)
            throw new MalformedFrameException($"{trId}: {total} fields do not split into {recordCount} records");
        var perRecord = total / recordCount;
        if (perRecord < minFieldsPerRecord)
            throw new MalformedFrameException($"{trId}: {perRecord} fields per record, at least {minFieldsPerRecord} expected");
        return perRecord;
    }
}
