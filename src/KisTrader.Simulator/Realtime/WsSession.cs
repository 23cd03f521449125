using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace KisTrader.Simulator.Realtime;

/// <summary>One WebSocket connection: its registrations, its AES key/iv per TR, and an outbox drained by one sender.</summary>
internal sealed class WsSession
{
    public const int MaxRegistrations = 41;
    private readonly Lock _gate = new();
    private readonly HashSet<(string TrId, string TrKey)> _subscriptions = [];
    private readonly Dictionary<string, (string Key, string Iv)> _ciphers = new(StringComparer.Ordinal);
    private readonly Channel<string> _outbox = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _closed = new();

    public WsSession(WebSocket socket) => Socket = socket;

    public Guid Id { get; } = Guid.NewGuid();
    public WebSocket Socket { get; }
    public string? AppKey { get; set; }
    public CancellationToken Closed => _closed.Token;
    public DateTimeOffset LastHeard { get; set; }

    public int Count { get { lock (_gate) return _subscriptions.Count; } }

    public bool IsSubscribed(string trId, string trKey) { lock (_gate) return _subscriptions.Contains((trId, trKey)); }

    public List<string> KeysOf(string trId) { lock (_gate) return [.. _subscriptions.Where(s => s.TrId == trId).Select(s => s.TrKey)]; }

    /// <summary>"added", "exists" or "full".</summary>
    public string TryAdd(string trId, string trKey)
    {
        lock (_gate)
        {
            if (_subscriptions.Contains((trId, trKey))) return "exists";
            if (_subscriptions.Count >= MaxRegistrations) return "full";
            _subscriptions.Add((trId, trKey));
            return "added";
        }
    }

    public bool Remove(string trId, string trKey) { lock (_gate) return _subscriptions.Remove((trId, trKey)); }

    /// <summary>The session's random key (32 chars) and iv (16 chars) for a TR, made on first use.</summary>
    public (string Key, string Iv) Cipher(string trId)
    {
        lock (_gate)
        {
            if (!_ciphers.TryGetValue(trId, out var c)) _ciphers[trId] = c = (NoticeCipher.RandomText(32), NoticeCipher.RandomText(16));
            return c;
        }
    }

    public void Enqueue(string text) => _outbox.Writer.TryWrite(text);

    public async Task SendLoopAsync()
    {
        try
        {
            await foreach (var text in _outbox.Reader.ReadAllAsync(Closed))
                await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Closed);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is gone; the receive side ends the session.
        }
    }

    public void Abort()
    {
        try { _closed.Cancel(); } catch (ObjectDisposedException) { }
        Socket.Abort();
    }

    public void Complete() => _outbox.Writer.TryComplete();
}
