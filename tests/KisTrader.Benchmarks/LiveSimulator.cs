using System.Collections.Concurrent;
using KisTrader.Simulator;
using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Market;

namespace KisTrader.Benchmarks;

/// <summary>The KIS simulator run inside the benchmark process, with the app pointed at it as a paper account (the way
/// a standalone simulator is used, README "The simulator"). Its emit times (a tick's frame, a fill's notice) are then read
/// on this process's clock, where the latency clocks of fill-to-dom and signalr-fanout start.</summary>
public sealed class LiveSimulator : IAsyncDisposable
{
    /// <summary>The paper account the app trades (the simulator opens any 8-digit account on first use).</summary>
    private const string Account = "50000001";
    private const string HtsId = "benchuser";

    private readonly SimulatorHost _host;
    // (code, accumulated volume) → when the frame carrying that print was queued; a print's accumulated volume is unique
    // in its instrument's day, and the app's tick message carries it.
    private readonly ConcurrentDictionary<(string Code, long Volume), long> _printSent = new();
    private readonly ConcurrentQueue<(string OrderNo, DateTime At)> _fillsSent = new();
    private long _prints;

    private LiveSimulator(SimulatorHost host)
    {
        _host = host;
        host.Realtime.TradesSent += prints =>
        {
            var now = DateTime.UtcNow.Ticks;
            Interlocked.Add(ref _prints, prints.Count);
            if (!RecordPrints) return;
            foreach (var p in prints) _printSent.TryAdd((p.Code, p.AccumulatedVolume), now);
        };
        host.Realtime.NoticeSent += n =>
        {
            if (n.Type == NoticeType.Filled) _fillsSent.Enqueue((n.Odno, DateTime.UtcNow));
        };
    }

    /// <summary>The first <paramref name="instruments"/> of the default universe, each trading about
    /// <paramref name="printsPerSecond"/> prints a second (the market's taker flow sends one to three orders a step).</summary>
    public static async Task<LiveSimulator> StartAsync(int instruments, int printsPerSecond)
    {
        var universe = DefaultUniverse.Create().Take(instruments).ToList();
        // Enough always-open volume that every step's taker orders all trade (at least 3 shares a step, with the noise).
        foreach (var u in universe) u.DailyVolume = Math.Max(u.DailyVolume, 50_000_000);
        var settings = new SimulatorSettings
        {
            Universe = universe,
            // Two prints a step on average: half the print rate in steps.
            TickInterval = TimeSpan.FromSeconds(2.0 / printsPerSecond),
            RateLimitPerSecond = 1_000,
            HistoryDays = 60,
        };
        return new LiveSimulator(await SimulatorHost.StartAsync(settings));
    }

    public IReadOnlyList<string> Tickers => [.. _host.Settings.Universe!.Select(u => u.Code)];

    /// <summary>Whether prints' emit times are kept (only while a measurement runs, so memory stays bounded).</summary>
    public bool RecordPrints { get; set; }

    /// <summary>Prints the simulator has emitted to subscribers so far.</summary>
    public long PrintsSent => Interlocked.Read(ref _prints);

    /// <summary>When the frame with this print left the simulator (UTC ticks), if recorded.</summary>
    public bool TryGetPrintSent(string code, long accumulatedVolume, out long timestamp) =>
        _printSent.TryGetValue((code, accumulatedVolume), out timestamp);

    /// <summary>Fill notices sent so far (broker order number, when it left the simulator), oldest first.</summary>
    public IReadOnlyList<(string OrderNo, DateTime At)> FillsSent => [.. _fillsSent];

    public void ClearPrints() => _printSent.Clear();

    /// <summary>The app's configuration for a paper account at this simulator, watching <see cref="Tickers"/>, with no
    /// schedule and no ranking candidates (nothing but the benchmark's load runs).</summary>
    public Dictionary<string, string> AppEnvironment()
    {
        var env = new Dictionary<string, string>
        {
            ["Kis__Environment"] = "Paper",
            ["Kis__RestBaseUrl"] = _host.BaseUrl.ToString().TrimEnd('/'),
            ["Kis__WebSocketUrl"] = _host.WebSocketUrl.ToString(),
            ["Kis__AppKey"] = "bench-app-key",
            ["Kis__AppSecret"] = "bench-app-secret",
            ["Kis__AccountNumber"] = Account,
            ["Kis__HtsId"] = HtsId,
            ["Kis__RequestsPerSecond"] = "20",
            ["Trading__ScheduleEnabled"] = "false",
            ["Trading__Candidates__Enabled"] = "false",
        };
        var tickers = Tickers;
        for (var i = 0; i < tickers.Count; i++) env[$"Trading__Watchlist__{i}"] = tickers[i];
        return env;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}
