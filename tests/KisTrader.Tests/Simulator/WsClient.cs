using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace KisTrader.Tests.Simulator;

/// <summary>A realtime client as KIS_API.md §6 describes it: JSON subscribe messages, JSON acks, text data frames.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public static async Task<WsClient> ConnectAsync(Uri uri)
    {
        var c = new WsClient();
        c._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await c._socket.ConnectAsync(uri, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        return c;
    }

    public WebSocketState State => _socket.State;

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SubscribeAsync(string approval, string trId, string trKey, string trType = "1") =>
        SendAsync(JsonSerializer.Serialize(new
        {
            header = new Dictionary<string, string> { ["approval_key"] = approval, ["custtype"] = "P", ["tr_type"] = trType, ["content-type"] = "utf-8" },
            body = new { input = new { tr_id = trId, tr_key = trKey } },
        }));

    /// <summary>The next text message, or null when none arrives in time or the socket closes.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[1 << 16];
        using var ms = new MemoryStream();
        try
        {
            while (true)
            {
                var r = await _socket.ReceiveAsync(buffer, cts.Token);
                if (r.MessageType == WebSocketMessageType.Close) return null;
                ms.Write(buffer, 0, r.Count);
                if (r.EndOfMessage) return Encoding.UTF8.GetString(ms.ToArray());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            return null;
        }
    }

    /// <summary>Receives until a message matches; null on timeout.</summary>
    public async Task<string?> ReceiveUntilAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            var m = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (m is null) return null;
            if (match(m)) return m;
        }
        return null;
    }

    public async Task<JsonElement> AckAsync()
    {
        var m = await ReceiveUntilAsync(t => t.StartsWith('{') && !t.Contains("PINGPONG"));
        Assert.NotNull(m);
        return JsonDocument.Parse(m!).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        try { _socket.Abort(); } catch (WebSocketException) { }
        _socket.Dispose();
        await Task.CompletedTask;
    }
}
