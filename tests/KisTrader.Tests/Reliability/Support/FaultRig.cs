using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Kis;
using KisTrader.Simulator;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Broker;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>
/// One fault scenario on the composed app (approval Off, the rules engine trading, the built-in simulator): a rules
/// configuration that wants to buy every ticker on every run, so the risk limits below are what bounds it; runs the
/// operational graph in cycles and keeps what every run did; counts order outcomes seen on the bus.
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    public const int StaleFeedSeconds = 3;

    /// <summary>The limits the suite checks every order against (tighter than the defaults, so they bind within a few runs).</summary>
    public static readonly RiskLimits Limits = new()
    {
        MaxOrdersPerDay = 12,
        MaxOrderValueKrw = 5_000_000m,
        MaxTickerWeightPercent = 8m,
        MinCashReservePercent = 10m,
    };

    public const decimal InitialCash = 100_000_000m;

    private readonly TempDataDir _dir;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly HashSet<string> _unknownOrders = new(StringComparer.Ordinal);
    private int _fillTrackerErrors;
    private bool _stopped;

    private FaultRig(TempDataDir dir, TradingApp app)
    {
        _dir = dir;
        App = app;
    }

    public TradingApp App { get; }
    public string LogDirectory => _dir.LogDir;
    public SimulatorHost Simulator => App.Get<BrokerRuntime>().Simulator!;
    public SimulatorFaults Faults => Simulator.Faults;
    public KisStatus Kis => App.Get<BrokerRuntime>().Status;
    public IRealtimeFeed Feed => App.Get<IRealtimeFeed>();
    public List<RunRecord> Runs { get; } = [];

    /// <summary>Ledger orders seen in status Unknown (the broker's answer was lost) at any time.</summary>
    public int UnknownOutcomes { get { lock (_unknownOrders) return _unknownOrders.Count; } }

    /// <summary>Errors the fill tracker reported and survived (a failed notice or poll).</summary>
    public int FillTrackerErrors => Volatile.Read(ref _fillTrackerErrors);

    public static Task<FaultRig> StartAsync(params (string Key, string? Value)[] more) => StartAsync(ageToken: false, more);

    /// <param name="ageToken">Start, stop, mark the cached access token as issued two minutes ago and start again: the
    /// app then holds a token it may replace at once, as one that has been running for a while does (KIS allows one
    /// issue a minute, and the client waits the minute out rather than be refused).</param>
    public static async Task<FaultRig> StartAsync(bool ageToken, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            // Every ticker is a buy on every run (volume "surge" of 0, any change today, any RSI); never a sell.
            ["Trading:Rules:VolumeSurgeRatio"] = "0",
            ["Trading:Rules:MomentumMinChangePercent"] = "-29",
            ["Trading:Rules:MomentumMaxChangePercent"] = "29.9",
            ["Trading:Rules:BreakoutMaxRsi"] = "100",
            ["Trading:Rules:OverboughtRsi"] = "100",
            ["Trading:Rules:StopLossPercent"] = "-30",
            ["Trading:Rules:TakeProfitPercent"] = "300",
            ["Trading:Rules:MaxBuysPerRun"] = "3",
            ["Trading:Rules:BuyFractionOfEquity"] = "0.04",
            ["Simulator:InitialCash"] = InitialCash.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Risk:MaxOrdersPerDay"] = Limits.MaxOrdersPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Risk:MaxOrderValueKrw"] = Limits.MaxOrderValueKrw.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Risk:MaxTickerWeightPercent"] = Limits.MaxTickerWeightPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Risk:MinCashReservePercent"] = Limits.MinCashReservePercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // An order whose outcome is unknown (a 5xx or a lost answer) and that the simulator's list does not have is
            // taken as never placed after this; the simulator's list has no lag (the default 30 s is for KIS).
            ["Trading:OrderAbsenceGraceSeconds"] = "2",
            ["Kis:StaleFeedSeconds"] = StaleFeedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Warnings too: malformed frames and reconnects are logged at Warning, and the suite reads them.
            ["Logs:MinimumLevel"] = "Warning",
            // ...from the files; on the test console the hundreds of expected warnings would bury a failure.
            ["Logs:ConsoleLevel"] = "Error",
        };
        foreach (var (k, v) in more) settings[k] = v;
        var dir = new TempDataDir();
        try
        {
            var app = await TradingApp.StartAsync(dir, settings);
            if (ageToken)
            {
                // A first read issues the token (start-up itself needs only the realtime approval key).
                await app.Get<IAccountReader>().GetBalanceAsync();
                var protector = app.Get<KisTrader.Kis.Auth.ISecretProtector>();
                await app.DisposeAsync();
                AgeCachedToken(dir, protector, TimeSpan.FromMinutes(2));
                app = await TradingApp.StartAsync(dir, settings);
            }
            var rig = new FaultRig(dir, app);
            rig.Watch();
            return rig;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private static void AgeCachedToken(TempDataDir dir, KisTrader.Kis.Auth.ISecretProtector protector, TimeSpan by)
    {
        var file = Directory.GetFiles(Path.Combine(dir.DataDir, "kis"), "kis-token-*.bin").Single();
        var entry = System.Text.Json.Nodes.JsonNode.Parse(protector.Unprotect(File.ReadAllBytes(file)))!.AsObject();
        var issued = entry["IssuedAt"]!.GetValue<DateTimeOffset>();
        entry["IssuedAt"] = issued - by;
        File.WriteAllBytes(file, protector.Protect(System.Text.Encoding.UTF8.GetBytes(entry.ToJsonString())));
    }

    private void Watch()
    {
        var bus = App.Get<IEventBus>();
        _subscriptions.Add(bus.Subscribe<OrderUpdated>((e, _) =>
        {
            if (e.Order.Status == LedgerOrderStatus.Unknown)
                lock (_unknownOrders) _unknownOrders.Add(e.Order.OrderId);
            return ValueTask.CompletedTask;
        }));
        var fills = App.Get<FillTracker>();
        Action<Exception> onFault = _ => Interlocked.Increment(ref _fillTrackerErrors);
        fills.Faulted += onFault;
        _subscriptions.Add(new Unsubscribe(() => fills.Faulted -= onFault));
    }

    /// <summary>One operational run; what it did is kept in <see cref="Runs"/>.</summary>
    public async Task<RunRecord> RunAsync(string trigger)
    {
        var feedBefore = Feed.State;
        var outcome = await App.RunAsync(trigger);
        TradingState? state = outcome.RunId is null ? null : await App.StateAsync(outcome.RunId);
        var record = new RunRecord(trigger, outcome.RunId, outcome.Status, outcome.Summary, feedBefore, state);
        Runs.Add(record);
        return record;
    }

    /// <summary>Runs <paramref name="count"/> cycles a second apart (the simulator's market moves in real time).</summary>
    public async Task CyclesAsync(int count, string trigger, TimeSpan? pause = null)
    {
        for (var i = 0; i < count; i++)
        {
            await RunAsync(trigger);
            await Task.Delay(pause ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Runs until one sends an order (at most <paramref name="max"/> runs); returns that run or null.</summary>
    public async Task<RunRecord?> RunUntilAnOrderIsSentAsync(int max, string trigger)
    {
        for (var i = 0; i < max; i++)
        {
            var run = await RunAsync(trigger);
            if (run.SentOrderIds.Count > 0) return run;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return null;
    }

    public Task WaitForFeedAsync(FeedState state, TimeSpan timeout) =>
        Poll.UntilAsync(() => Task.FromResult(Feed.State == state), timeout, $"the realtime feed to be {state} (it is {Feed.State})");

    /// <summary>Stops the app (the logs stay readable until <see cref="DisposeAsync"/>).</summary>
    public async Task StopAppAsync()
    {
        if (_stopped) return;
        _stopped = true;
        foreach (var s in _subscriptions) s.Dispose();
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAppAsync();
        }
        finally
        {
            _dir.Dispose();
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>What one operational run did, as the run record stores it.</summary>
internal sealed record RunRecord(string Trigger, string? RunId, string Status, string Summary, FeedState FeedBefore, TradingState? State)
{
    public bool Stale => State?.Analysis is { Stale: true };
    public IReadOnlyList<string> SentOrderIds => State?.Executions.Where(e => e.OrderId is not null).Select(e => e.OrderId!).ToList() ?? [];
    public int PlannedOrders => State?.Plan?.Orders.Count ?? 0;

    public override string ToString() =>
        $"{Trigger} {Status} feed-before={FeedBefore} stale={Stale} planned={PlannedOrders} sent={SentOrderIds.Count}: {Summary}";
}
