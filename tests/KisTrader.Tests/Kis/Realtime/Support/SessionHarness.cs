using KisTrader.Core.Events;
using KisTrader.Kis;
using KisTrader.Kis.Realtime;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>A session wired to a scripted server, a fake approval-key source, a recording bus and a capturing logger.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    public const string HtsId = "myhtsid";

    private SessionHarness(ScriptedKisServer server, KisRealtimeSession session, TimeProvider time)
    {
        Server = server;
        Session = session;
        Time = time;
    }

    public ScriptedKisServer Server { get; }
    public KisRealtimeSession Session { get; }
    public TimeProvider Time { get; }
    public InMemoryEventBus Bus { get; private init; } = default!;
    public EventRecorder Events { get; private init; } = default!;
    public FakeApprovalKeySource Keys { get; private init; } = default!;
    public KisStatus Status { get; private init; } = default!;
    public CapturingLogger<KisRealtimeSession> Logger { get; private init; } = default!;

    public static async Task<SessionHarness> StartServerAsync(
        TimeProvider? time = null,
        string? htsId = HtsId,
        KisEnvironmentKind environment = KisEnvironmentKind.Simulator,
        Func<DateTimeOffset, bool>? isMarketOpen = null,
        TimeSpan? staleAfter = null,
        ReconnectBackoff? backoff = null)
    {
        var server = await ScriptedKisServer.StartAsync();
        time ??= TimeProvider.System;
        var options = new KisClientOptions
        {
            Environment = environment,
            AppKey = "PSappkey-not-used-by-realtime-000000",
            AppSecret = "secret",
            AccountNumber = "81234567",
            HtsId = htsId,
            WebSocketUrl = server.Url,
            TokenCacheDirectory = Path.GetTempPath(),
            StaleFeedAfter = staleAfter ?? TimeSpan.FromSeconds(30),
            // Market closed unless a test says otherwise, so the watchdog stays out of unrelated tests.
            IsMarketOpen = isMarketOpen ?? (_ => false),
        };
        var bus = new InMemoryEventBus();
        var keys = new FakeApprovalKeySource();
        var status = new KisStatus { Environment = environment, WebSocketUrl = server.Url };
        var logger = new CapturingLogger<KisRealtimeSession>();
        var session = new KisRealtimeSession(options, keys, bus, time, logger, status)
        {
            Backoff = backoff ?? new ReconnectBackoff
            {
                Initial = TimeSpan.FromMilliseconds(20),
                Max = TimeSpan.FromMilliseconds(200),
                InUseDelay = TimeSpan.FromMilliseconds(200),
            },
        };
        return new SessionHarness(server, session, time)
        {
            Bus = bus,
            Events = new EventRecorder(bus),
            Keys = keys,
            Status = status,
            Logger = logger,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        Events.Dispose();
        Bus.Dispose();
        await Server.DisposeAsync();
    }
}
