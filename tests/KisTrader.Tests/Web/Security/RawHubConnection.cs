using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// A SignalR connection speaking the JSON hub protocol over a raw WebSocket (skipping negotiation), so a test can send what
/// no well-behaved client would: arguments of the wrong type or number, nulls, unknown methods, and read each call's
/// completion. (Reliability/Support/HubClient is the long-lived one that counts ticks for the soak.)
/// </summary>
internal sealed class RawHubConnection : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _pending = new();
    private int _nextId;

    private RawHubConnection(ClientWebSocket socket) => _socket = socket;

    /// <summary>Connects to the hub at <paramref name="path"/> with the signed-in user's cookies and our own Origin.</summary>
    public static async Task<RawHubConnection> ConnectAsync(Uri baseUrl, string path, CookieContainer cookies)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.SetRequestHeader("Origin", baseUrl.GetLeftPart(UriPartial.Authority));
        var url = new UriBuilder(new Uri(baseUrl, path)) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(url, CancellationToken.None);
        var hub = new RawHubConnection(socket);
        await hub.SendAsync(new JsonObject { ["protocol"] = "json", ["version"] = 1 });
        var handshake = await hub.ReceiveAsync();
        if (handshake is null || handshake["error"] is not null)
        {
            await hub.DisposeAsync();
            throw new InvalidOperationException("Handshake refused: " + handshake?["error"]);
        }
        return hub;
    }

    /// <summary>Invokes <paramref name="target"/> with <paramref name="arguments"/> as raw JSON and returns the completion
    /// (its "error" or "result"); null if the server closed the connection instead.</summary>
    public async Task<JsonObject?> InvokeAsync(string target, JsonArray arguments)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(new JsonObject { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments });
        while (true)
        {
            var message = await ReceiveAsync();
            if (message is null) return null;
            var type = message["type"]?.GetValue<int>();
            if (type == 3 && message["invocationId"]?.GetValue<string>() == id) return message;
            if (type == 7) return message; // close, with its error
        }
    }

    private Task SendAsync(JsonObject message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<JsonObject?> ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(Separator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return JsonNode.Parse(text[..end])!.AsObject();
            }
            if (_socket.State != WebSocketState.Open) return null;
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        _socket.Dispose();
    }
}
