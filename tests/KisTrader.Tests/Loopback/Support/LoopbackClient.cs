using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Kis;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Realtime;
using KisTrader.Kis.Rest;
using KisTrader.Simulator;
using KisTrader.Tests.Kis.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Loopback.Support;

/// <summary>
/// A real <see cref="KisClient"/> (and, on demand, a real <see cref="KisRealtimeSession"/>) talking to a simulator
/// over loopback HTTP and WebSocket. Each instance gets its own account and app key unless told otherwise: the
/// client's rate limiter is shared per app key in the process, and the simulator keeps accounts per CANO.
/// </summary>
public sealed class LoopbackClient : IAsyncDisposable
{
    private static int _accountSequence = Random.Shared.Next(0, 1_000_000);
    private KisRealtimeSession? _session;

    private LoopbackClient(SimulatorHost host, KisClientOptions options, ShiftableClock clock, WireRecorder wire, ISecretProtector protector, KisResilienceSettings settings)
    {
        Host = host;
        Options = options;
        Clock = clock;
        Wire = wire;
        Protector = protector;
        Client = new KisClient(options, protector, clock, Loggers, Status, Ticks, wire, settings);
    }

    public SimulatorHost Host { get; }
    public KisClientOptions Options { get; }
    public ShiftableClock Clock { get; }
    public WireRecorder Wire { get; }
    public ISecretProtector Protector { get; }
    public CapturingLoggerFactory Loggers { get; } = new();
    public KisStatus Status { get; } = new();
    public TickCache Ticks { get; } = new();
    public InMemoryEventBus Bus { get; } = new();
    public KisClient Client { get; }
    public KisRestApi Api => Client.Api;
    private bool OwnsCache { get; init; }
    public KisRealtimeSession? Session => _session;

    public static string NewAccount() => (60_000_000 + Interlocked.Increment(ref _accountSequence) % 30_000_000).ToString("D8");

    public static string NewAppKey() => "loop-" + Guid.NewGuid().ToString("N");

    /// <summary>Production retry policy with shorter delays (the real one pauses 0.5 s, doubling).</summary>
    internal static KisResilienceSettings FastRetries() => new() { RetryBaseDelay = TimeSpan.FromMilliseconds(20) };

    internal static LoopbackClient Create(SimulatorHost host, string? account = null, string? appKey = null, string? cacheDirectory = null,
        ISecretProtector? protector = null, double? requestsPerSecond = null, KisResilienceSettings? settings = null, ShiftableClock? clock = null,
        bool useHashKey = false, TimeSpan? staleFeedAfter = null)
    {
        var options = new KisClientOptions
        {
            // Paper semantics against the simulator in paper mode; the real TR IDs and functions in real mode.
            Environment = host.Settings.Mode == SimulatorMode.Real ? KisEnvironmentKind.Real : KisEnvironmentKind.Simulator,
            AppKey = appKey ?? NewAppKey(),
            AppSecret = "loopback-secret-" + Guid.NewGuid().ToString("N"),
            AccountNumber = account ?? NewAccount(),
            AccountProductCode = "01",
            HtsId = "htsloop" + Random.Shared.Next(1000, 9999),
            RestBaseUrl = host.BaseUrl,
            WebSocketUrl = host.WebSocketUrl,
            RequestsPerSecond = requestsPerSecond,
            TokenCacheDirectory = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "kistrader-loopback", Guid.NewGuid().ToString("N")),
            RequestTimeout = TimeSpan.FromSeconds(5),
            UseHashKey = useHashKey,
            // The staleness watchdog runs only in the tests that give it a threshold.
            StaleFeedAfter = staleFeedAfter ?? TimeSpan.FromSeconds(30),
            IsMarketOpen = staleFeedAfter is null ? _ => false : _ => true,
        };
        return new LoopbackClient(host, options, clock ?? new ShiftableClock(), new WireRecorder(), protector ?? new TestSecretProtector(), settings ?? FastRetries())
        {
            OwnsCache = cacheDirectory is null,
        };
    }

    /// <summary>Starts the realtime session of this client's app key; ticks also feed <see cref="Ticks"/>.</summary>
    public async Task<KisRealtimeSession> StartRealtimeAsync()
    {
        Bus.Subscribe<TickReceived>((t, _) => { Ticks.Update(t.Tick); return ValueTask.CompletedTask; });
        _session = new KisRealtimeSession(Options, Client.ApprovalKeys, Bus, Clock, NullLogger<KisRealtimeSession>.Instance, Status)
        {
            Backoff = new ReconnectBackoff { Initial = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromSeconds(1) },
        };
        await _session.StartAsync();
        return _session;
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        await Client.DisposeAsync();
        Bus.Dispose();
        Wire.Dispose();
        // Only the per-client default cache; a directory a test passed in may be shared with another client.
        if (OwnsCache && Directory.Exists(Options.TokenCacheDirectory)) Directory.Delete(Options.TokenCacheDirectory, recursive: true);
    }
}
