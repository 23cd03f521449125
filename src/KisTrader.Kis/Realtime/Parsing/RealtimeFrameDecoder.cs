using KisTrader.Core.Events;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>A data frame turned into the Core events it carries (one per record).</summary>
public sealed record DecodedFrame(string TrId, bool KnownTr, IReadOnlyList<object> Events);

/// <summary>Data frame → Core events: decrypts with the TR's cipher when flagged, splits records, maps each record.
/// Pure apart from the cipher lookup; throws <see cref="MalformedFrameException"/> on anything unreadable. Plain frames
/// are read in place: per frame the events' array and the <see cref="DecodedFrame"/>, per record its event (issue 18,
/// goal 1: see docs/benchmarks.md).</summary>
public static class RealtimeFrameDecoder
{
    // The field offsets of the frame being decoded, reused by the thread (a receive loop decodes one frame at a time
    // and the records never outlive Decode).
    [ThreadStatic]
    private static int[]? t_starts;

    /// <param name="cipherFor">The cipher captured from the TR's latest ack, or null when none was captured.</param>
    /// <param name="tradingDate">KST date for records that carry only a time.</param>
    public static DecodedFrame Decode(string text, Func<string, FrameCipher?> cipherFor, DateOnly tradingDate)
    {
        var header = RealtimeFrameParser.ParseHeader(text);
        var (payload, start, length) = (text, header.PayloadStart, header.PayloadLength);
        if (header.Encrypted)
        {
            var cipher = cipherFor(header.TrId)
                ?? throw new MalformedFrameException($"{header.TrId}: encrypted frame but no key was captured for this TR");
            payload = cipher.Decrypt(text.Substring(start, length));
            (start, length) = (0, payload.Length);
        }

        var kind = header.TrId switch
        {
            RealtimeTrIds.Trades => Tr.Trades,
            RealtimeTrIds.OrderBook => Tr.OrderBook,
            RealtimeTrIds.NoticeReal or RealtimeTrIds.NoticePaper => Tr.Notice,
            _ => Tr.Unknown,
        };
        if (kind == Tr.Unknown)
            return new DecodedFrame(header.TrId, false, []);
        var minFields = kind switch
        {
            Tr.Trades => TradeTickParser.MinFields,
            Tr.OrderBook => OrderBookParser.MinFields,
            _ => ExecutionNoticeParser.LegacyFields,
        };

        // All records or none: a frame with one bad record is malformed as a whole.
        var (starts, fields) = RealtimeFrameParser.FieldStarts(payload, start, length, t_starts);
        t_starts = starts;
        var perRecord = RealtimeFrameParser.PerRecord(header.TrId, starts, fields, header.RecordCount, minFields);
        var events = new object[header.RecordCount];
        for (var i = 0; i < events.Length; i++)
        {
            var record = new FieldRecord(payload, starts, i * perRecord, perRecord);
            events[i] = kind switch
            {
                Tr.Trades => new TickReceived(TradeTickParser.Parse(record, tradingDate)),
                Tr.OrderBook => new OrderBookReceived(OrderBookParser.Parse(record, tradingDate)),
                _ => new ExecutionNoticeReceived(ExecutionNoticeParser.Parse(record)),
            };
        }
        return new DecodedFrame(header.TrId, true, events);
    }

    private enum Tr { Unknown, Trades, OrderBook, Notice }
}
