using KisTrader.Core.Events;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>A data frame turned into the Core events it carries (one per record).</summary>
public sealed record DecodedFrame(string TrId, bool KnownTr, IReadOnlyList<object> Events);

/// <summary>Data frame → Core events: decrypts with the TR's cipher when flagged, splits records, maps each record.
/// Pure apart from the cipher lookup; throws <see cref="MalformedFrameException"/> on anything unreadable.</summary>
public static class RealtimeFrameDecoder
{
    /// <param name="cipherFor">The cipher captured from the TR's latest ack, or null when none was captured.</param>
    /// <param name="tradingDate">KST date for records that carry only a time.</param>
    public static DecodedFrame Decode(string text, Func<string, FrameCipher?> cipherFor, DateOnly tradingDate)
    {
        var frame = RealtimeFrameParser.ParseFrame(text);
        var payload = frame.Payload;
        if (frame.Encrypted)
        {
            var cipher = cipherFor(frame.TrId)
                ?? throw new MalformedFrameException($"{frame.TrId}: encrypted frame but no key was captured for this TR");
            payload = cipher.Decrypt(payload);
        }

        switch (frame.TrId)
        {
            case RealtimeTrIds.Trades:
                return new DecodedFrame(frame.TrId, true, Map(frame, payload, TradeTickParser.MinFields,
                    r => new TickReceived(TradeTickParser.Parse(r, tradingDate))));
            case RealtimeTrIds.OrderBook:
                return new DecodedFrame(frame.TrId, true, Map(frame, payload, OrderBookParser.MinFields,
                    r => new OrderBookReceived(OrderBookParser.Parse(r, tradingDate))));
            case RealtimeTrIds.NoticeReal:
            case RealtimeTrIds.NoticePaper:
                return new DecodedFrame(frame.TrId, true, Map(frame, payload, ExecutionNoticeParser.LegacyFields,
                    r => new ExecutionNoticeReceived(ExecutionNoticeParser.Parse(r))));
            default:
                return new DecodedFrame(frame.TrId, false, []);
        }
    }

    /// <summary>All records or none: a frame with one bad record is malformed as a whole.</summary>
    private static List<object> Map(RealtimeFrame frame, string payload, int minFields, Func<FieldRecord, object> map)
    {
        var records = RealtimeFrameParser.SplitRecords(frame.TrId, payload, frame.RecordCount, minFields);
        var events = new List<object>(records.Count);
        foreach (var record in records)
            events.Add(map(record));
        return events;
    }
}
