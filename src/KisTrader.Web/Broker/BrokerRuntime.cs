using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Kis;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Realtime;
using KisTrader.Simulator;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Broker;

/// <summary>The broker connection of this app: the built-in simulator when Kis:Environment is Simulator, the KIS
/// REST client and the one realtime session. Started by the start-up sequence: the "broker" step (<see cref="StartAsync"/>)
/// before the web server listens, the "feeds" step (<see cref="StartFeedAsync"/>) last. The app sees the broker through
/// narrow ports (market data, account, realtime feed); the order functions go only to the order gateway
/// (<see cref="OrderRouter"/>, see Architecture/OrderFunctionTests).</summary>
public sealed class BrokerRuntime(
    IOptions<KisOptions> kisOptions,
    IOptions<SimulatorOptions> simulatorOptions,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<TradingOptions> tradingOptions,
    IEventBus bus,
    TickCache ticks,
    ISecretProtector protector,
    IDataProtectionProvider dataProtection,
    SecretRedactor redactor,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly KisOptions _kis = kisOptions.Value;
    private readonly SimulatorOptions _simulator = simulatorOptions.Value;
    private readonly DatabaseOptions _database = databaseOptions.Value;
    private KisClient? _client;
    private KisRealtimeSession? _feed;
    private KisStatus? _status;
    private readonly Lock _startLock = new();
    private Task<SimulatorHost>? _simulatorStart;

    /// <summary>The in-process simulator, or null against KIS or a standalone simulator.</summary>
    public SimulatorHost? Simulator { get; private set; }

    public KisStatus Status => _status ?? throw NotStarted();
    public IMarketData MarketData => Client.MarketData;
    public KisTrader.Core.History.IIndexChart IndexChart => Client.MarketData;
    public KisTrader.Core.History.IRawPriceChart RawPriceChart => Client.MarketData;
    public KisTrader.Core.History.IInstrumentMarkets InstrumentMarkets => Client.MarketData;
    public IAccountReader Account => Client.Account;
    public IRealtimeFeed Feed => _feed ?? throw NotStarted();

    /// <summary>For the composition of the order gateway only: nothing else may place, amend or cancel an order.</summary>
    internal KisOrderRouter OrderRouter => Client.Orders;

    private KisClient Client => _client ?? throw NotStarted();

    /// <summary>Starts the built-in simulator, if this app runs one, without waiting for it: it needs nothing from the
    /// app's database, so it comes up while the database migrates (a third of a cold start). <see cref="StartAsync"/>
    /// awaits it; a failure to start surfaces there.</summary>
    public void BeginStart()
    {
        lock (_startLock)
            _simulatorStart ??= RunsSimulator ? Task.Run(StartSimulatorAsync) : null;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        BeginStart();
        if (_simulatorStart is { } simulatorStart)
            Simulator = await simulatorStart.WaitAsync(ct);

        // On an accelerated app clock the link keeps host-speed timers: time-outs, throttling and back-off are wall time.
        var link = AppClock.WallTimers(time);
        var options = ClientOptionsFrom(_kis, _simulator, _database, Simulator, redactor);
        _status = new KisStatus { Environment = options.Environment, RestBaseUrl = options.RestBaseUrl, WebSocketUrl = options.WebSocketUrl };
        _client = new KisClient(options, protector, link, loggers, _status, ticks);
        _feed = new KisRealtimeSession(options, _client.ApprovalKeys, bus, link, loggers.CreateLogger<KisRealtimeSession>(), _status);
    }

    /// <summary>Connects the realtime session (in the background: it reconnects on its own) and subscribes the watchlist.</summary>
    public async Task StartFeedAsync(CancellationToken ct)
    {
        var feed = _feed ?? throw NotStarted();
        await feed.StartAsync(ct);
        await feed.SubscribeTradesAsync(tradingOptions.Value.EffectiveWatchlist, ct);
    }

    internal static KisClientOptions ClientOptionsFrom(KisOptions kis, SimulatorOptions simulatorOptions, DatabaseOptions database,
        SimulatorHost? simulator, SecretRedactor redactor)
    {
        var onSimulator = kis.Environment == KisEnvironment.Simulator;
        return new KisClientOptions
        {
            Environment = kis.Environment switch
            {
                KisEnvironment.Real => KisEnvironmentKind.Real,
                KisEnvironment.Paper => KisEnvironmentKind.Paper,
                _ => KisEnvironmentKind.Simulator,
            },
            // The simulator opens a demo account for any key and 8-digit account: no secrets needed to try the app.
            AppKey = kis.AppKey ?? (onSimulator ? SimulatorDemo.AppKey : throw new InvalidOperationException("Kis:AppKey is required.")),
            AppSecret = kis.AppSecret ?? (onSimulator ? SimulatorDemo.AppSecret : throw new InvalidOperationException("Kis:AppSecret is required.")),
            AccountNumber = kis.AccountNumber ?? (onSimulator ? SimulatorDemo.AccountNumber : throw new InvalidOperationException("Kis:AccountNumber is required.")),
            AccountProductCode = kis.AccountProductCode,
            HtsId = kis.HtsId ?? (onSimulator ? SimulatorDemo.HtsId : null),
            RestBaseUrl = kis.RestBaseUrl ?? simulator?.BaseUrl,
            WebSocketUrl = kis.WebSocketUrl ?? simulator?.WebSocketUrl,
            RequestsPerSecond = kis.RequestsPerSecond,
            UseLegacyOrderTrIds = kis.UseLegacyOrderTrIds,
            UseHashKey = kis.UseHashKey,
            // Wall seconds: on an accelerated clock (Simulator:TimeAcceleration) that many more calendar seconds.
            StaleFeedAfter = AppClock.LinkSilence(kis, simulatorOptions, TimeSpan.FromSeconds(kis.StaleFeedSeconds)),
            TokenCacheDirectory = Path.Combine(database.FullDataDirectory, "kis"),
            // The demo simulator trades around the clock, so silence is stale at any hour.
            IsMarketOpen = onSimulator && simulatorOptions.AlwaysOpen ? _ => true : null,
            OnSecretObtained = redactor.Register,
        };
    }

    internal static SimulatorSettings SimulatorSettingsFrom(SimulatorOptions simulator, DatabaseOptions database) => new()
    {
        Seed = simulator.Seed,
        InitialCash = simulator.InitialCash,
        AlwaysOpen = simulator.AlwaysOpen,
        // Simulator:TimeAcceleration accelerates the app's clock, which the simulator is given: it must not add its own.
        TimeAcceleration = 1,
        // The simulator keeps its own state (accounts, orders, tokens) next to the app's database.
        StateDirectory = Path.Combine(database.FullDataDirectory, "simulator"),
    };

    private bool RunsSimulator => _kis.Environment == KisEnvironment.Simulator && _kis.RestBaseUrl is null;

    /// <summary>The built-in simulator keeps the tokens it issued encrypted with the app's own keys (data/keys), as the
    /// client's token cache is.</summary>
    public const string SimulatorStatePurpose = "KisTrader.Simulator.State.v1";

    private Task<SimulatorHost> StartSimulatorAsync() => SimulatorHost.StartAsync(SimulatorSettingsFrom(_simulator, _database),
        $"http://127.0.0.1:{_simulator.Port}", AppClock.WallTimers(time), new SimulatorLoggerFactory(loggers),
        stateProtector: dataProtection.CreateProtector(SimulatorStatePurpose));

    private static InvalidOperationException NotStarted() => new("The broker connection has not started yet.");

    public async ValueTask DisposeAsync()
    {
        if (_feed is not null) await _feed.DisposeAsync();
        if (_client is not null) await _client.DisposeAsync();
        if (Simulator is not null) await Simulator.DisposeAsync();
        else if (_simulatorStart is not null)
        {
            // Begun but never awaited: the app stopped before its start-up sequence ran (e.g. a failed migration).
            try { await (await _simulatorStart).DisposeAsync(); }
            catch (Exception) when (!_simulatorStart.IsCompletedSuccessfully) { } // it never started: nothing to stop
        }
    }
}
