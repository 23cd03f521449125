using KisTrader.Core.Events;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>Receives a data frame's events from <see cref="RealtimeFrameDecoder.Decode{TSink}"/>, in record order, once
/// the whole frame has decoded. A struct sink is called without boxing (the session's sink publishes to the bus).</summary>
public interface IFrameEventSink
{
    void OnTick(TickReceived e);

    void OnOrderBook(OrderBookReceived e);

    void OnNotice(ExecutionNoticeReceived e);
}

/// <summary>What a frame was: its TR, whether it is one the decoder reads, and how many events it gave.</summary>
public readonly record struct DecodedFrameInfo(string TrId, bool KnownTr, int Records);
