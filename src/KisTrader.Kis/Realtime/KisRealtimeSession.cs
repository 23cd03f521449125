using System.Net.WebSockets;
using KisTrader.Core.Errors;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Realtime.Parsing;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis.Realtime;

/// <summary>The one KIS realtime WebSocket session of an app key (KIS_API.md §6): keeps the desired subscriptions,
/// (re)connects with backoff, resubscribes, decrypts and publishes ticks, order books and execution notices on the bus,
/// and watches for a silent feed. Lifecycle here; subscriptions, receiving and the watchdog in the other partial files.</summary>
public sealed partial class KisRealtimeSession : IRealtimeFeed, IAsyncDisposable
{
    /// <summary>Registrations KIS allows per session (§6.1).</summary>
    public const int RegistrationLimit = 41;

    /// <summary>Trades plus order books: one registration stays reserved for the execution notice.</summary>
    public const int MarketDataLimit = RegistrationLimit - 1;

    private readonly KisClientOptions _options;
    private readonly IApprovalKeySource _approvalKeys;
    private readonly IEventBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger<KisRealtimeSession> _logger;
    private readonly KisStatus _status;
    private readonly Uri? _url;
    private readonly string _noticeTrId;
    private readonly Func<DateTimeOffset, bool> _isMarketOpen;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private FeedState _state = FeedState.Disconnected;
    private ClientWebSocket? _socket;
    private string? _approvalKey;
    private CancellationTokenSource? _stopCts;
    private Task? _loop;
    private volatile bool _stopping;

    public KisRealtimeSession(
        KisClientOptions options,
        IApprovalKeySource approvalKeys,
        IEventBus bus,
        TimeProvider time,
        ILogger<KisRealtimeSession> logger,
        KisStatus status)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _approvalKeys = approvalKeys ?? throw new ArgumentNullException(nameof(approvalKeys));
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _url = RealtimeEndpoint.Resolve(options);
        _noticeTrId = RealtimeEndpoint.NoticeTrId(options);
        _isMarketOpen = options.IsMarketOpen ?? KrxSessionHours.IsRegularSession;
        _status.SubscriptionLimit = RegistrationLimit;
        _status.FeedState = _state;
        UpdateSubscriptionCount();
    }

    /// <summary>Reconnect pacing; the defaults suit KIS (0.5 s doubling to 30 s, reset after a healthy minute).</summary>
    public ReconnectBackoff Backoff { get; init; } = new();

    /// <summary>Pause between subscribe messages on (re)connect; the official samples pace their sends. Zero = none.</summary>
    public TimeSpan SubscribeSpacing { get; init; } = TimeSpan.Zero;

    public FeedState State
    {
        get
        {
            lock (_gate)
                return _state;
        }
    }

    /// <summary>Starts the background connection loop and returns; the state moves to Connecting, then Connected.</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (_url is null)
            throw new TradingSystemException("No KIS WebSocket URL is configured (required for the simulator environment).");
        lock (_gate)
        {
            if (_loop is not null)
                return Task.CompletedTask;
            _stopping = false;
            _stopCts = new CancellationTokenSource();
            var stop = _stopCts.Token;
            _loop = Task.Run(() => RunAsync(stop), CancellationToken.None);
        }
        StartWatchdog();
        return Task.CompletedTask;
    }

    /// <summary>Closes the socket politely (KIS allows one session per app key, so a clean close matters) and stops reconnecting.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        CancellationTokenSource? cts;
        lock (_gate)
        {
            loop = _loop;
            cts = _stopCts;
            _loop = null;
            _stopCts = null;
        }
        if (loop is null || cts is null)
            return;
        _stopping = true;
        StopWatchdog();
        if (await CloseGracefullyAsync())
        {
            // The server answers our close frame with its own, which ends the receive loop. Cancelling first would abort
            // the socket while the close frame may still be unread on the server's side, and a reset loses it (the server
            // then sees the connection drop, not a normal close).
            try { await loop.WaitAsync(CloseTimeout); }
            catch (TimeoutException) { }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException) { }
        }
        await cts.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        cts.Dispose();
        SetState(FeedState.Disconnected, "stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        DisposeCiphers();
        _sendLock.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var attempt = 0;
        var forceNewKey = false;
        while (!stop.IsCancellationRequested && !_stopping)
        {
            SetState(attempt == 0 ? FeedState.Connecting : FeedState.Reconnecting,
                attempt == 0 ? "connecting" : $"reconnect attempt {attempt}");
            var end = await ConnectOnceAsync(forceNewKey, stop);
            if (stop.IsCancellationRequested || _stopping)
                break;

            forceNewKey = end.NeedsNewApprovalKey;
            attempt = end.ConnectedFor >= Backoff.HealthyAfter ? 1 : attempt + 1;
            var delay = Backoff.DelayFor(attempt, Random.Shared.NextDouble());
            if (end.AppKeyInUse && delay < Backoff.InUseDelay)
                delay = Backoff.InUseDelay;
            _status.Reconnects++;
            SetState(FeedState.Reconnecting, end.Reason);
            _logger.LogWarning("KIS realtime session ended ({Reason}); reconnecting in {DelayMs} ms", end.Reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<ConnectionEnd> ConnectOnceAsync(bool forceNewKey, CancellationToken stop)
    {
        var ws = new ClientWebSocket();
        DateTimeOffset? connectedAt = null;
        try
        {
            var key = await _approvalKeys.GetApprovalKeyAsync(forceNewKey, stop);
            using (var timeout = new CancellationTokenSource(Backoff.ConnectTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token))
                await ws.ConnectAsync(_url!, linked.Token);

            connectedAt = _time.GetUtcNow();
            // Keys belong to a connection: the new session's acks bring new ones.
            DisposeCiphers();
            lock (_gate)
            {
                _socket = ws;
                _approvalKey = key;
                _failed.Clear();
                _lastActivity = connectedAt.Value;
            }
            SetState(FeedState.Connected, "connected");
            _logger.LogInformation("KIS realtime session connected to {Url}", _url);

            await SendAllRegistrationsAsync(ws, key, stop);
            var end = await ReceiveLoopAsync(ws, stop);
            return end with { ConnectedFor = _time.GetUtcNow() - connectedAt.Value };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new ConnectionEnd("stopped");
        }
        catch (Exception ex)
        {
            return new ConnectionEnd(Redact($"{ex.GetType().Name}: {ex.Message}"))
            {
                ConnectedFor = connectedAt is { } at ? _time.GetUtcNow() - at : TimeSpan.Zero,
            };
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_socket, ws))
                {
                    _socket = null;
                    _approvalKey = null;
                }
            }
            ws.Abort();
            ws.Dispose();
        }
    }

    /// <summary>Wall time for each half of a polite close (our close frame out, the server's back).</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    /// <returns>Whether our close frame went out.</returns>
    private async Task<bool> CloseGracefullyAsync()
    {
        ClientWebSocket? ws;
        lock (_gate)
            ws = _socket;
        if (ws is null || ws.State != WebSocketState.Open)
            return false;
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client stopping", timeout.Token);
                return true;
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogDebug("KIS realtime close did not complete: {Error}", ex.GetType().Name);
            return false;
        }
    }

    /// <summary>Moves to <paramref name="to"/> (only from <paramref name="onlyFrom"/> when given), mirrors it in
    /// <see cref="KisStatus"/> and publishes <see cref="FeedStateChanged"/>. Under the lock so events keep their order.</summary>
    private bool SetState(FeedState to, string reason, FeedState? onlyFrom = null)
    {
        lock (_gate)
        {
            if (_state == to || (onlyFrom is { } from && _state != from))
                return false;
            _state = to;
            _status.FeedState = to;
            _bus.Publish(new FeedStateChanged(to, reason, _time.GetUtcNow()));
        }
        _logger.LogInformation("KIS realtime feed {State}: {Reason}", to, reason);
        return true;
    }

    private DateOnly TradingDate() => DateOnly.FromDateTime(_time.GetUtcNow().ToKst().DateTime);

    /// <summary>Removes the approval key from text that may echo it (server messages, exception text).</summary>
    private string Redact(string text)
    {
        string? key;
        lock (_gate)
            key = _approvalKey;
        return string.IsNullOrEmpty(key) ? text : text.Replace(key, "***", StringComparison.Ordinal);
    }

    /// <summary>Why a connection ended and what the next attempt needs.</summary>
    private sealed record ConnectionEnd(string Reason)
    {
        public bool NeedsNewApprovalKey { get; init; }
        public bool AppKeyInUse { get; init; }
        public TimeSpan ConnectedFor { get; init; }
    }
}
