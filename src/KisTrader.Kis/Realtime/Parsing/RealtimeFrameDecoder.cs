using KisTrader.Core.Events;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>A data frame turned into the Core events it carries (one per record).</summary>
public sealed record DecodedFrame(string TrId, bool KnownTr, IReadOnlyList<object> Events);

/// <summary>Data frame → Core events: decrypts with the TR's cipher when flagged, splits records, maps each record.
/// Pure apart from the cipher lookup; throws <see cref="MalformedFrameException"/> on anything unreadable. Plain frames
/// are read in place; <see cref="Decode{TSink}"/> hands the events to a sink from a thread-reused buffer, so a trade
/// record allocates only its <see cref="Core.Market.Tick"/> (issue 18, goal 1: see docs/benchmarks.md).</summary>
public static class RealtimeFrameDecoder
{
    // The field offsets and the decoded ticks of the frame being decoded, reused by the thread (a receive loop decodes
    // one frame at a time and neither outlives Decode).
    [ThreadStatic]
    private static int[]? t_starts;
    [ThreadStatic]
    private static TickReceived[]? t_ticks;

    /// <summary>The frame's events as a list (tests and tools; the receive loop uses the sink overload).</summary>
    /// <param name="cipherFor">The cipher captured from the TR's latest ack, or null when none was captured.</param>
    /// <param name="tradingDate">KST date for records that carry only a time.</param>
    public static DecodedFrame Decode(string text, Func<string, FrameCipher?> cipherFor, DateOnly tradingDate)
    {
        var sink = new ListSink();
        var info = Decode(text, cipherFor, tradingDate, ref sink);
        return new DecodedFrame(info.TrId, info.KnownTr, sink.Events ?? []);
    }

    /// <summary>Decodes the frame and hands its events to <paramref name="sink"/>: all of them or, when a record is
    /// malformed, none (the exception is thrown before the first).</summary>
    public static DecodedFrameInfo Decode<TSink>(string text, Func<string, FrameCipher?> cipherFor, DateOnly tradingDate, ref TSink sink)
        where TSink : IFrameEventSink
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
            return new DecodedFrameInfo(header.TrId, false, 0);
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
        var count = header.RecordCount;
        if (kind == Tr.Trades)
        {
            // Ticks, the feed's bulk, through a reused buffer; order books and notices are few and keep their array.
            var ticks = t_ticks is { } buffer && buffer.Length >= count ? buffer : t_ticks = new TickReceived[Math.Max(count, 16)];
            try
            {
                for (var i = 0; i < count; i++)
                    ticks[i] = new TickReceived(TradeTickParser.Parse(new FieldRecord(payload, starts, i * perRecord, perRecord), tradingDate));
                for (var i = 0; i < count; i++)
                    sink.OnTick(ticks[i]);
            }
            finally
            {
                // The buffer must not keep the ticks alive.
                Array.Clear(ticks, 0, count);
            }
        }
        else
        {
            var events = new object[count];
            for (var i = 0; i < count; i++)
            {
                var record = new FieldRecord(payload, starts, i * perRecord, perRecord);
                events[i] = kind == Tr.OrderBook
                    ? new OrderBookReceived(OrderBookParser.Parse(record, tradingDate))
                    : new ExecutionNoticeReceived(ExecutionNoticeParser.Parse(record));
            }
            foreach (var e in events)
            {
                if (e is OrderBookReceived book) sink.OnOrderBook(book);
                else sink.OnNotice((ExecutionNoticeReceived)e);
            }
        }
        return new DecodedFrameInfo(header.TrId, true, count);
    }

    /// <summary>Collects the events as objects, for <see cref="Decode(string, Func{string, FrameCipher?}, DateOnly)"/>.</summary>
    private struct ListSink : IFrameEventSink
    {
        public List<object>? Events;

        public void OnTick(TickReceived e) => (Events ??= []).Add(e);

        public void OnOrderBook(OrderBookReceived e) => (Events ??= []).Add(e);

        public void OnNotice(ExecutionNoticeReceived e) => (Events ??= []).Add(e);
    }

    private enum Tr { Unknown, Trades, OrderBook, Notice }
}
