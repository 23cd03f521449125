using System.Net.WebSockets;
using System.Text;
using KisTrader.Core.Errors;
using KisTrader.Core.Events;
using KisTrader.Kis.Realtime.Parsing;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis.Realtime;

/// <summary>Desired subscriptions: kept while disconnected and (re)sent on every connect.</summary>
public sealed partial class KisRealtimeSession
{
    private readonly HashSet<string> _trades = new(StringComparer.Ordinal);
    private readonly HashSet<string> _books = new(StringComparer.Ordinal);
    private readonly HashSet<Registration> _failed = [];

    public IReadOnlyCollection<string> TradeSubscriptions
    {
        get
        {
            lock (_gate)
                return _trades.ToArray();
        }
    }

    public IReadOnlyCollection<string> OrderBookSubscriptions
    {
        get
        {
            lock (_gate)
                return _books.ToArray();
        }
    }

    /// <summary>Registrations KIS refused on the current connection (e.g. OPSP0008 MAX SUBSCRIBE OVER). Retried on the next connect.</summary>
    public IReadOnlyCollection<Registration> FailedRegistrations
    {
        get
        {
            lock (_gate)
                return _failed.ToArray();
        }
    }

    public Task SubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default) =>
        AddAsync(_trades, RealtimeTrIds.Trades, tickers, ct);

    public Task UnsubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default) =>
        RemoveAsync(_trades, RealtimeTrIds.Trades, tickers, ct);

    public Task SubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default) =>
        AddAsync(_books, RealtimeTrIds.OrderBook, tickers, ct);

    public Task UnsubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default) =>
        RemoveAsync(_books, RealtimeTrIds.OrderBook, tickers, ct);

    private async Task AddAsync(HashSet<string> set, string trId, IEnumerable<string> tickers, CancellationToken ct)
    {
        var requested = Normalize(tickers);
        List<Registration> added;
        lock (_gate)
        {
            var fresh = requested.Where(t => !set.Contains(t)).ToList();
            var total = _trades.Count + _books.Count + fresh.Count;
            if (total > MarketDataLimit)
                throw new TradingSystemException(
                    $"A KIS realtime session allows {MarketDataLimit} trade and order-book subscriptions " +
                    $"({RegistrationLimit} minus one for execution notices); {total} were requested.");
            if (set == _trades && _trades.Count == 0 && fresh.Count > 0)
                _lastActivity = _time.GetUtcNow(); // the staleness clock starts when there is something to be stale
            foreach (var ticker in fresh)
                set.Add(ticker);
            UpdateSubscriptionCount();
            added = fresh.Select(t => new Registration(trId, t)).ToList();
        }
        await SendIfConnectedAsync(added, register: true, ct);
    }

    private async Task RemoveAsync(HashSet<string> set, string trId, IEnumerable<string> tickers, CancellationToken ct)
    {
        var requested = Normalize(tickers);
        List<Registration> removed;
        lock (_gate)
        {
            removed = requested.Where(set.Remove).Select(t => new Registration(trId, t)).ToList();
            foreach (var registration in removed)
                _failed.Remove(registration);
            UpdateSubscriptionCount();
        }
        // Staleness is about trades: without any, a Stale feed has nothing left to be stale about.
        if (set == _trades && TradeSubscriptions.Count == 0)
            SetState(FeedState.Connected, "no trade subscriptions left", onlyFrom: FeedState.Stale);
        await SendIfConnectedAsync(removed, register: false, ct);
    }

    private static List<string> Normalize(IEnumerable<string> tickers)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        var result = new List<string>();
        foreach (var raw in tickers)
        {
            var ticker = raw?.Trim() ?? "";
            // 6-digit codes, or Q + code for ETNs (§6.2); anything else would be refused by KIS anyway.
            if (ticker.Length is < 6 or > 9 || !ticker.All(char.IsAsciiLetterOrDigit))
                throw new TradingSystemException($"'{ticker}' is not a KRX ticker code.");
            if (!result.Contains(ticker, StringComparer.Ordinal))
                result.Add(ticker);
        }
        return result;
    }

    /// <summary>Every desired registration, execution notice first (it matters most for order handling).</summary>
    private List<Registration> DesiredRegistrations()
    {
        lock (_gate)
        {
            var all = new List<Registration>(RegistrationLimit);
            if (!string.IsNullOrWhiteSpace(_options.HtsId))
                all.Add(new Registration(_noticeTrId, _options.HtsId.Trim()));
            all.AddRange(_trades.Select(t => new Registration(RealtimeTrIds.Trades, t)));
            all.AddRange(_books.Select(t => new Registration(RealtimeTrIds.OrderBook, t)));
            return all;
        }
    }

    private void UpdateSubscriptionCount() =>
        _status.SubscriptionCount = _trades.Count + _books.Count + (string.IsNullOrWhiteSpace(_options.HtsId) ? 0 : 1);

    private async Task SendAllRegistrationsAsync(ClientWebSocket ws, string approvalKey, CancellationToken ct)
    {
        var first = true;
        foreach (var registration in DesiredRegistrations())
        {
            if (!first && SubscribeSpacing > TimeSpan.Zero)
                await Task.Delay(SubscribeSpacing, _time, ct);
            first = false;
            await SendTextAsync(ws, SubscriptionMessage.Build(approvalKey, registration, register: true), ct);
        }
    }

    /// <summary>While disconnected nothing is sent: the connect sends the whole desired set.</summary>
    private async Task SendIfConnectedAsync(IReadOnlyList<Registration> registrations, bool register, CancellationToken ct)
    {
        if (registrations.Count == 0)
            return;
        ClientWebSocket? ws;
        string? key;
        lock (_gate)
        {
            ws = _socket;
            key = _approvalKey;
        }
        if (ws is null || key is null || ws.State != WebSocketState.Open)
            return;
        try
        {
            foreach (var registration in registrations)
                await SendTextAsync(ws, SubscriptionMessage.Build(key, registration, register), ct);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The receive loop sees the same failure and reconnects, which re-sends the desired set.
            _logger.LogDebug("KIS realtime subscribe not sent ({Error}); it is sent on reconnect", ex.GetType().Name);
        }
    }

    private async Task SendTextAsync(ClientWebSocket ws, string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(ct);
        try
        {
            await ws.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The notice TR's tr_key is the HTS id: keep it out of logs.</summary>
    private static string Describe(Registration registration) =>
        RealtimeTrIds.IsNotice(registration.TrId) ? registration.TrId : registration.ToString();
}
