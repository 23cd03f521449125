using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>The server side of one client socket: what the client sent, and hand-written replies (§6.3 acks, §6.4 PINGPONG, §6.5 frames).</summary>
internal sealed class ServerConnection(WebSocket socket)
{
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the client closed or the socket failed.</summary>
    public Task Closed => _closed.Task;

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public async Task RunAsync(CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }

    public async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async Task<SubscribeRequest> ReceiveSubscriptionAsync() => SubscribeRequest.Parse(await ReceiveAsync());

    public async Task<List<SubscribeRequest>> ReceiveSubscriptionsAsync(int count)
    {
        var all = new List<SubscribeRequest>();
        for (var i = 0; i < count; i++)
            all.Add(await ReceiveSubscriptionAsync());
        return all;
    }

    public async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>One message split over several WebSocket frames (EndOfMessage only on the last).</summary>
    public async Task SendFragmentedAsync(string text, int pieces)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var size = (bytes.Length + pieces - 1) / pieces;
        await _sendLock.WaitAsync();
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var count = Math.Min(size, bytes.Length - offset);
                await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>A §6.3 ack. Every ack carries key/iv.</summary>
    public Task AckAsync(string trId, string trKey, string msgCd = "OPSP0000", string msg1 = "SUBSCRIBE SUCCESS",
        string rtCd = "0", string key = GoldenFrames.TestKey, string iv = GoldenFrames.TestIv, string encrypt = "N")
    {
        var json = JsonSerializer.Serialize(new
        {
            header = new { tr_id = trId, tr_key = trKey, encrypt },
            body = new { rt_cd = rtCd, msg_cd = msgCd, msg1, output = new { iv, key } },
        });
        return SendAsync(json);
    }

    /// <summary>Acks every given request with the same key/iv.</summary>
    public async Task AckAllAsync(IEnumerable<SubscribeRequest> requests, string key = GoldenFrames.TestKey, string iv = GoldenFrames.TestIv)
    {
        foreach (var r in requests)
            await AckAsync(r.TrId, r.TrKey, key: key, iv: iv, encrypt: r.TrId.StartsWith("H0STCNI", StringComparison.Ordinal) ? "Y" : "N");
    }

    public void Abort() => socket.Abort();
}

/// <summary>A client → server §6.2 message as received.</summary>
internal sealed record SubscribeRequest(string ApprovalKey, string CustType, string TrType, string ContentType, string TrId, string TrKey, string Raw)
{
    public static SubscribeRequest Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var header = doc.RootElement.GetProperty("header");
        var input = doc.RootElement.GetProperty("body").GetProperty("input");
        return new SubscribeRequest(
            header.GetProperty("approval_key").GetString()!,
            header.GetProperty("custtype").GetString()!,
            header.GetProperty("tr_type").GetString()!,
            header.GetProperty("content-type").GetString()!,
            input.GetProperty("tr_id").GetString()!,
            input.GetProperty("tr_key").GetString()!,
            json);
    }
}
