using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Core.Market;
using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Auth;
using KisTrader.Simulator.Market;
using KisTrader.Simulator.Rest;
using Microsoft.Extensions.Logging;

namespace KisTrader.Simulator.Realtime;

/// <summary>
/// The realtime server (KIS_API.md §6): subscriptions with acks, the 41-registration cap, one session
/// per app key, PINGPONG, data frames and AES-encrypted execution notices. Execution notices go to
/// every session subscribed to the notice TR whose app key has used the account (any REST call
/// naming it since start-up); the subscribed tr_key (HTS ID) is echoed as CUST_ID.
/// </summary>
public sealed class RealtimeHub : IRealtimePublisher
{
    public const string TradeTr = "H0STCNT0";
    public const string BookTr = "H0STASP0";
    private readonly SimulatorSettings _settings;
    private readonly AuthRegistry _auth;
    private readonly SimulatorFaults _faults;
    private readonly TimeProvider _host;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, WsSession> _sessions = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _accountsByAppKey = new(StringComparer.Ordinal);
    private readonly Lock _ownerGate = new();
    private readonly Dictionary<string, Guid> _owner = new(StringComparer.Ordinal);
    private DateTimeOffset _lastForcedDisconnect;
    internal SimExchange? Exchange { get; set; }

    internal RealtimeHub(SimulatorSettings settings, AuthRegistry auth, SimulatorFaults faults, TimeProvider host, ILogger logger)
    {
        _settings = settings;
        _auth = auth;
        _faults = faults;
        _host = host;
        _logger = logger;
        _lastForcedDisconnect = host.GetUtcNow();
        faults.DisconnectAll = DisconnectAll;
    }

    /// <summary>Raised after a trade frame's prints are queued to their subscribers, under the exchange lock (must not
    /// block): lets a host that embeds the simulator time what it emitted (the benchmarks' latency clocks start here).</summary>
    public event Action<IReadOnlyList<TradePrint>>? TradesSent;

    /// <summary>Raised after an execution notice is queued to the sessions that receive it, under the exchange lock
    /// (must not block); see <see cref="TradesSent"/>.</summary>
    public event Action<NoticeEvent>? NoticeSent;

    public string NoticeTr => _settings.Mode == SimulatorMode.Real ? "H0STCNI0" : "H0STCNI9";
    public int SessionCount => _sessions.Count;

    internal void AccountUsed(string appKey, string accountKey) =>
        _accountsByAppKey.GetOrAdd(appKey, _ => new(StringComparer.Ordinal)).TryAdd(accountKey, 0);

    /// <summary>Aborts every open session; returns how many.</summary>
    public int DisconnectAll()
    {
        var count = 0;
        foreach (var s in _sessions.Values)
        {
            s.Abort();
            count++;
        }
        return count;
    }

    /// <summary>Called every second on the host clock: the periodic-disconnect fault.</summary>
    internal void Maintain()
    {
        var every = _faults.DisconnectEverySeconds;
        var now = _host.GetUtcNow();
        if (every <= 0) { _lastForcedDisconnect = now; return; }
        if (now - _lastForcedDisconnect >= TimeSpan.FromSeconds(every))
        {
            _lastForcedDisconnect = now;
            _faults.CountDisconnects(DisconnectAll());
        }
    }

    public async Task RunSessionAsync(WebSocket socket, CancellationToken aborted)
    {
        var session = new WsSession(socket) { LastHeard = _host.GetUtcNow() };
        _sessions[session.Id] = session;
        using var link = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Closed);
        using var ping = _host.CreateTimer(_ => session.Enqueue(PingPong()), null, _settings.PingPongInterval, _settings.PingPongInterval);
        var sender = session.SendLoopAsync();
        try
        {
            var buffer = new byte[8192];
            using var message = new MemoryStream();
            while (!link.IsCancellationRequested)
            {
                var r = await socket.ReceiveAsync(buffer, link.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                session.LastHeard = _host.GetUtcNow();
                Handle(session, text);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Client went away or the disconnect fault fired.
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
            lock (_ownerGate)
                foreach (var k in _owner.Where(o => o.Value == session.Id).Select(o => o.Key).ToList()) _owner.Remove(k);
            session.Complete();
            session.Abort();
            await sender;
        }
    }

    private string PingPong() =>
        new JsonObject { ["header"] = new JsonObject { ["tr_id"] = "PINGPONG", ["datetime"] = _host.GetUtcNow().ToKst().ToString("yyyyMMddHHmmss") } }.ToJsonString();

    private void Handle(WsSession session, string text)
    {
        string approval, custType, trType, trId, trKey;
        try
        {
            var root = JsonNode.Parse(text) as JsonObject;
            var header = root?["header"] as JsonObject;
            // An echoed PINGPONG is the client's liveness answer (a pong frame is handled by the socket itself).
            if (header?["tr_id"]?.GetValue<string>() == "PINGPONG") return;
            var input = root?["body"]?["input"] as JsonObject;
            approval = header?["approval_key"]?.GetValue<string>() ?? "";
            custType = header?["custtype"]?.GetValue<string>() ?? "";
            trType = header?["tr_type"]?.GetValue<string>() ?? "";
            trId = input?["tr_id"]?.GetValue<string>() ?? "";
            trKey = input?["tr_key"]?.GetValue<string>() ?? "";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            session.Enqueue(Ack(session, "", "", "1", "OPSP9999", "JSON PARSING ERROR : invalid json"));
            return;
        }

        var appKey = _auth.AppKeyOfApproval(approval);
        if (appKey is null) { session.Enqueue(Ack(session, trId, trKey, "1", "OPSP0011", "invalid approval : NOT FOUND")); return; }
        if (custType is not ("P" or "B")) { session.Enqueue(Ack(session, trId, trKey, "1", "OPSP8998", "invalid custtype")); return; }
        if (trType is not ("1" or "2")) { session.Enqueue(Ack(session, trId, trKey, "1", "OPSP8997", "invalid tr_type")); return; }
        if (trId != TradeTr && trId != BookTr && trId != NoticeTr) { session.Enqueue(Ack(session, trId, trKey, "1", "OPSP8991", "invalid tr_id")); return; }
        if (trKey.Length == 0) { session.Enqueue(Ack(session, trId, trKey, "1", "OPSP8993", "invalid tr_key")); return; }
        lock (_ownerGate)
        {
            if (_owner.TryGetValue(appKey, out var owner) && owner != session.Id && _sessions.ContainsKey(owner))
            {
                session.Enqueue(Ack(session, trId, trKey, "1", "OPSP8996", "ALREADY IN USE appkey"));
                return;
            }
            _owner[appKey] = session.Id;
        }
        session.AppKey = appKey;

        if (trType == "2")
        {
            session.Enqueue(session.Remove(trId, trKey)
                ? Ack(session, trId, trKey, "0", "OPSP0001", "UNSUBSCRIBE SUCCESS")
                : Ack(session, trId, trKey, "1", "OPSP0003", "UNSUBSCRIBE ERROR(not found!)"));
            return;
        }
        switch (session.TryAdd(trId, trKey))
        {
            case "exists": session.Enqueue(Ack(session, trId, trKey, "0", "OPSP0002", "ALREADY IN SUBSCRIBE")); return;
            case "full": session.Enqueue(Ack(session, trId, trKey, "1", "OPSP0008", "MAX SUBSCRIBE OVER")); return;
        }
        session.Enqueue(Ack(session, trId, trKey, "0", "OPSP0000", "SUBSCRIBE SUCCESS"));
        // A new book subscriber gets the current book at once rather than at the next change.
        if (trId == BookTr && Exchange is { } x && x.Instrument(trKey) is { } inst)
            lock (x.Gate) SendBook(session, inst, x);
    }

    private string Ack(WsSession session, string trId, string trKey, string rtCd, string msgCd, string msg)
    {
        var (key, iv) = session.Cipher(trId);
        return new JsonObject
        {
            ["header"] = new JsonObject { ["tr_id"] = trId, ["tr_key"] = trKey, ["encrypt"] = trId == NoticeTr ? "Y" : "N" },
            ["body"] = new JsonObject
            {
                ["rt_cd"] = rtCd, ["msg_cd"] = msgCd, ["msg1"] = msg,
                ["output"] = new JsonObject { ["iv"] = iv, ["key"] = key },
            },
        }.ToJsonString(RestGateway.JsonOptions);
    }

    /// <summary>Data frames pass the feed faults: silence drops them, the malformed rate corrupts some.</summary>
    private void SendData(WsSession session, string frame)
    {
        if (_faults.SilenceFrame()) return;
        if (_faults.InjectMalformedFrame())
        {
            // Declared record count and actual fields disagree, and the payload is cut short.
            var cut = frame[..Math.Max(frame.IndexOf('|', 2) + 1, frame.Length / 3)];
            frame = cut + "^(null)^";
        }
        session.Enqueue(frame);
    }

    public void Trades(InstrumentState instrument, IReadOnlyList<TradePrint> prints, SimExchange exchange)
    {
        var subscribers = _sessions.Values.Where(s => s.IsSubscribed(TradeTr, instrument.Code)).ToList();
        if (subscribers.Count == 0) return;
        var (bids, asks) = exchange.DepthUnlocked(instrument.Code);
        var records = prints.Select(p => FrameFormatter.Trade(instrument, p,
            asks.Count > 0 ? asks[0].Price : 0, bids.Count > 0 ? bids[0].Price : 0,
            asks.Count > 0 ? asks[0].Quantity : 0, bids.Count > 0 ? bids[0].Quantity : 0,
            asks.Sum(a => a.Quantity), bids.Sum(b => b.Quantity)));
        // Several prints of one step travel in one frame (NNN > 1), as KIS batches pending records.
        var frame = FrameFormatter.Frame(false, TradeTr, prints.Count, string.Join('^', records));
        foreach (var s in subscribers) SendData(s, frame);
        TradesSent?.Invoke(prints);
    }

    public void Book(InstrumentState instrument, SimExchange exchange)
    {
        foreach (var s in _sessions.Values.Where(s => s.IsSubscribed(BookTr, instrument.Code)))
            SendBook(s, instrument, exchange);
    }

    private void SendBook(WsSession s, InstrumentState instrument, SimExchange exchange)
    {
        var (bids, asks) = exchange.DepthUnlocked(instrument.Code);
        SendData(s, FrameFormatter.Frame(false, BookTr, 1, FrameFormatter.Book(instrument, exchange.Clock.GetUtcNow(), bids, asks)));
    }

    public void Notice(NoticeEvent notice)
    {
        foreach (var s in _sessions.Values)
        {
            if (s.AppKey is not { } appKey || !_accountsByAppKey.TryGetValue(appKey, out var accounts) || !accounts.ContainsKey(notice.AccountKey)) continue;
            foreach (var htsId in s.KeysOf(NoticeTr))
            {
                var (key, iv) = s.Cipher(NoticeTr);
                var plain = FrameFormatter.Notice(notice, htsId, _settings.NoticeFieldCount);
                SendData(s, FrameFormatter.Frame(true, NoticeTr, 1, NoticeCipher.Encrypt(plain, key, iv)));
            }
        }
        NoticeSent?.Invoke(notice);
    }
}
