using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KisTrader.Web.Live;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>A minimal SignalR client (JSON hub protocol over WebSockets, no negotiation), as the dashboard's browser
/// script connects: signed in by the auth cookie, <c>Watch</c> on the watchlist, counting the "tick" pushes and
/// answering the server's pings.</summary>
internal sealed class HubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private Task _receive = Task.CompletedTask;
    private Task _ping = Task.CompletedTask;
    private long _ticks;

    public long Ticks => Interlocked.Read(ref _ticks);
    public string? Error { get; private set; }

    public static async Task<HubClient> ConnectAsync(Uri baseUrl, CookieContainer cookies, IReadOnlyList<string> tickers)
    {
        var client = new HubClient();
        client._socket.Options.Cookies = cookies;
        var url = new UriBuilder(baseUrl) { Scheme = "ws", Path = LiveServices.MarketHubPath }.Uri;
        await client._socket.ConnectAsync(url, CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReadMessageAsync();
        Assert.True(handshake == "{}", "SignalR handshake: " + handshake);
        client._receive = Task.Run(client.ReceiveLoopAsync);
        client._ping = Task.Run(client.PingLoopAsync);
        await client.SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = "Watch", arguments = new object[] { tickers } }));
        return client;
    }

    private async Task SendAsync(string message)
    {
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message + Separator), WebSocketMessageType.Text, true, _stop.Token);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private readonly StringBuilder _pending = new();

    private async Task<string?> ReadMessageAsync()
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(Separator);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }
            var r = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            _pending.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync() is { } message)
            {
                using var doc = JsonDocument.Parse(message);
                var type = doc.RootElement.GetProperty("type").GetInt32();
                if (type == 1 && doc.RootElement.GetProperty("target").GetString() == "tick") Interlocked.Increment(ref _ticks);
                else if (type == 3 && doc.RootElement.TryGetProperty("error", out var error)) Error = "Watch: " + error.GetString();
                else if (type == 7) { Error = "closed by the server: " + message; return; }
            }
            if (!_stop.IsCancellationRequested) Error = "the server closed the connection";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Error = ex.GetType().Name + ": " + ex.Message;
        }
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                await SendAsync("{\"type\":6}");
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Error ??= "ping: " + ex.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await Task.WhenAll(_receive, _ping); } catch { }
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }
}
