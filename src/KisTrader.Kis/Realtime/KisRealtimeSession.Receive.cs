using System.Net.WebSockets;
using System.Text;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Kis.Realtime.Parsing;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis.Realtime;

/// <summary>Receiving: reassembles messages across WebSocket frames, answers PINGPONG, handles acks, decodes data.</summary>
public sealed partial class KisRealtimeSession
{
    /// <summary>Far above any KIS message (a 10-record order-book frame is a few KB); bigger is dropped as malformed.</summary>
    private const int MaxMessageBytes = 1 << 20;

    // Owned by the receive loop (one at a time); cleared on every connect.
    private readonly Dictionary<string, FrameCipher> _ciphers = new(StringComparer.Ordinal);
    // The cipher lookup handed to the decoder, made once rather than per frame.
    private Func<string, FrameCipher?>? _cipherFor;

    private async Task<ConnectionEnd> ReceiveLoopAsync(ClientWebSocket ws, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        var oversized = false;
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer.AsMemory(), stop);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await TryCloseOutputAsync(ws);
                return new ConnectionEnd($"server closed the connection ({ws.CloseStatus})");
            }
            if (message.Length + result.Count > MaxMessageBytes)
                oversized = true;
            else
                message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
                continue;

            // Read only while the fill path is traced (issue 18 goal 3): this loop carries every tick.
            var receivedAt = FillPathTrace.Enabled ? DateTime.UtcNow : default;
            var isText = result.MessageType == WebSocketMessageType.Text;
            var text = oversized || !isText ? null : Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            oversized = false;
            _status.FramesReceived++;
            if (text is null)
            {
                CountMalformed(isText ? "message larger than 1 MB" : "binary message");
                continue;
            }
            var end = await HandleMessageAsync(ws, text, receivedAt, stop);
            if (end is not null)
                return end;
        }
    }

    private async Task<ConnectionEnd?> HandleMessageAsync(ClientWebSocket ws, string text, DateTime receivedAt, CancellationToken stop)
    {
        switch (RealtimeFrameParser.Classify(text))
        {
            case RealtimeMessageKind.Data:
                HandleData(text, receivedAt);
                return null;
            case RealtimeMessageKind.Control:
                return await HandleControlAsync(ws, text, stop);
            default:
                CountMalformed("neither a JSON control message nor a data frame");
                return null;
        }
    }

    private void HandleData(string text, DateTime receivedAt)
    {
        DecodedFrameInfo decoded;
        var publish = new BusSink(_bus, receivedAt);
        try
        {
            // Events go straight to the bus (no list of them per frame); none when the frame is malformed.
            decoded = RealtimeFrameDecoder.Decode(text, _cipherFor ??= tr => _ciphers.GetValueOrDefault(tr), TradingDate(), ref publish);
        }
        catch (MalformedFrameException ex)
        {
            CountMalformed(ex.Message);
            return;
        }

        MarkDataArrived();
        if (!decoded.KnownTr)
            _logger.LogDebug("KIS realtime frame for unhandled TR {TrId} ignored", decoded.TrId);
    }

    /// <summary>Publishes a frame's events as the decoder hands them over (a struct: no boxing per event).</summary>
    private readonly struct BusSink(IEventBus bus, DateTime receivedAt) : IFrameEventSink
    {
        public void OnTick(TickReceived e) => bus.Publish(e);

        public void OnOrderBook(OrderBookReceived e) => bus.Publish(e);

        public void OnNotice(ExecutionNoticeReceived e)
        {
            FillPathTrace.Mark(FillPathTrace.Received, e.Notice.OrderNo, receivedAt);
            FillPathTrace.Mark(FillPathTrace.Parsed, e.Notice.OrderNo);
            bus.Publish(e);
        }
    }

    private async Task<ConnectionEnd?> HandleControlAsync(ClientWebSocket ws, string text, CancellationToken stop)
    {
        ControlMessage control;
        try
        {
            control = ControlMessage.Parse(text);
        }
        catch (MalformedFrameException ex)
        {
            CountMalformed(ex.Message);
            return null;
        }

        if (control.IsPingPong)
        {
            // §6.4: echo the identical JSON back as a text frame.
            await SendTextAsync(ws, text, stop);
            return null;
        }

        var registration = new Registration(control.TrId ?? "", control.TrKey ?? "");
        var message = Redact(control.Msg1 ?? "");
        if (message.Length > 100)
            message = message[..100];
        switch (control.MsgCd)
        {
            case "OPSP0000": // SUBSCRIBE SUCCESS
            case "OPSP0002": // ALREADY IN SUBSCRIBE: benign, keys still valid
                CaptureKey(control);
                lock (_gate)
                    _failed.Remove(registration);
                if (control.MsgCd == "OPSP0002")
                    _logger.LogDebug("KIS realtime {Registration} was already subscribed", Describe(registration));
                return null;
            case "OPSP0001": // UNSUBSCRIBE SUCCESS
            case "OPSP0003": // UNSUBSCRIBE ERROR (not found): nothing to undo
                return null;
            case "OPSP8996":
                _logger.LogError("KIS refused the realtime session: another session already uses this app key ({MsgCd}). Retrying later.", control.MsgCd);
                return new ConnectionEnd("app key already in use by another session (OPSP8996)") { AppKeyInUse = true };
            case "OPSP0010":
            case "OPSP0011":
                _logger.LogWarning("KIS rejected the approval key ({MsgCd}); fetching a new one and reconnecting", control.MsgCd);
                return new ConnectionEnd($"approval key rejected ({control.MsgCd})") { NeedsNewApprovalKey = true };
        }

        if (control.IsSuccess)
        {
            CaptureKey(control);
            return null;
        }
        // OPSP0008 MAX SUBSCRIBE OVER, invalid tr_id/tr_key, internal errors: the registration did not take.
        MarkFailed(registration, control.MsgCd, message);
        return null;
    }

    private void CaptureKey(ControlMessage control)
    {
        if (string.IsNullOrEmpty(control.TrId) || control.Key is null || control.Iv is null)
            return;
        if (!FrameCipher.IsValid(control.Key, control.Iv))
        {
            _logger.LogWarning("KIS realtime ack for {TrId} carried a key/iv of unexpected length; ignored", control.TrId);
            return;
        }
        var cipher = new FrameCipher(control.Key, control.Iv);
        if (_ciphers.Remove(control.TrId, out var old))
            old.Dispose();
        _ciphers[control.TrId] = cipher;
    }

    private void MarkFailed(Registration registration, string? msgCd, string message)
    {
        lock (_gate)
            _failed.Add(registration);
        var note = $"Realtime subscription {Describe(registration)} refused: {msgCd} {message}".TrimEnd();
        _status.LastError = note;
        _logger.LogWarning("KIS refused realtime subscription {Registration}: {MsgCd} {Message}", Describe(registration), msgCd, message);
    }

    private void CountMalformed(string reason)
    {
        _status.MalformedFrames++;
        // The reason names the TR and the problem only; frames themselves (account numbers) are never logged.
        _logger.LogWarning("Malformed KIS realtime message skipped: {Reason}", reason);
    }

    private void DisposeCiphers()
    {
        foreach (var cipher in _ciphers.Values)
            cipher.Dispose();
        _ciphers.Clear();
    }

    private static async Task TryCloseOutputAsync(ClientWebSocket ws)
    {
        try
        {
            if (ws.State == WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
