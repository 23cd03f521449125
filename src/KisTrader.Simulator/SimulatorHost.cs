using KisTrader.Simulator.Auth;
using KisTrader.Simulator.Faults;
using KisTrader.Simulator.Market;
using KisTrader.Simulator.Realtime;
using KisTrader.Simulator.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KisTrader.Simulator;

/// <summary>
/// A running simulator: its own Kestrel listener serving KIS REST, the realtime WebSocket (any path)
/// and /sim/control, plus the market timer. Start with <see cref="StartAsync"/>; stop or dispose to end.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimContext _sim;
    private readonly StateStore _store;
    private readonly ITimer _marketTimer;
    private readonly ITimer _maintenanceTimer;
    private readonly Lock _persistGate = new();
    private int _stopped;

    private SimulatorHost(WebApplication app, SimContext sim, StateStore store, Uri baseUrl, TimeProvider host)
    {
        _app = app;
        _sim = sim;
        _store = store;
        BaseUrl = baseUrl;
        WebSocketUrl = new UriBuilder(baseUrl) { Scheme = baseUrl.Scheme == "https" ? "wss" : "ws", Path = "/tryitout" }.Uri;
        _marketTimer = host.CreateTimer(_ => Tick(), null, sim.Settings.TickInterval, sim.Settings.TickInterval);
        var lastSave = host.GetUtcNow();
        _maintenanceTimer = host.CreateTimer(_ =>
        {
            sim.Hub.Maintain();
            // The market moves every tick: saving it every few seconds is enough (orders save at once).
            if (host.GetUtcNow() - lastSave >= TimeSpan.FromSeconds(5)) { lastSave = host.GetUtcNow(); PersistIfDirty(); }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>e.g. http://127.0.0.1:41234 (the actually bound port).</summary>
    public Uri BaseUrl { get; }
    /// <summary>e.g. ws://127.0.0.1:41234/tryitout (any path is accepted for the upgrade).</summary>
    public Uri WebSocketUrl { get; }
    public SimulatorFaults Faults => _sim.Faults;
    public SimulatorSettings Settings => _sim.Settings;
    /// <summary>The market, accounts and orders. Lock <see cref="SimExchange.Gate"/> while reading collections.</summary>
    public SimExchange Exchange => _sim.Exchange;
    public AuthRegistry Auth => _sim.Auth;
    public RealtimeHub Realtime => _sim.Hub;

    /// <param name="stateProtector">Encrypts the issued tokens and approval keys in the state file (StateDirectory): the hosting
    /// app passes its own Data Protection; null = a key ring of the simulator's own in StateDirectory/keys.</param>
    public static async Task<SimulatorHost> StartAsync(SimulatorSettings settings, string url = "http://127.0.0.1:0",
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null, CancellationToken ct = default, IDataProtector? stateProtector = null)
    {
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid simulator settings: " + string.Join("; ", errors), nameof(settings));
        time ??= TimeProvider.System;
        loggerFactory = QuietLoggerFactory.Wrap(loggerFactory);
        var logger = loggerFactory.CreateLogger("KisTrader.Simulator");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // This listener must not pick up the hosting app's configuration (Kestrel endpoints, URLs).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, NoSignalLifetime>());

        var auth = new AuthRegistry(time, settings);
        var faults = new SimulatorFaults(settings.Faults, settings.Seed, auth);
        var hub = new RealtimeHub(settings, auth, faults, time, logger);
        var exchange = new SimExchange(settings, new SimClock(time, settings.TimeAcceleration), hub);
        hub.Exchange = exchange;
        var store = new StateStore(settings.StateDirectory, stateProtector, logger);
        SimulatorHost? self = null;
        var sim = new SimContext
        {
            Settings = settings, Exchange = exchange, Auth = auth, Faults = faults, Hub = hub, Logger = logger,
            Limiter = new RateLimiter(time, () => settings.RateLimitPerSecond),
            Persist = () => self?.Persist(),
        };
        var state = store.Load();
        if (state is not null) auth.Import(state);
        exchange.Initialize(state);

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        var gateway = new RestGateway(sim);
        var oauth = new OAuthEndpoints(sim);
        var control = new ControlEndpoints(sim);
        app.Run(async http =>
        {
            // KIS samples connect to /tryitout, /tryitout/<TR_ID> or the bare host: any path upgrades.
            if (http.WebSockets.IsWebSocketRequest)
            {
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                await hub.RunSessionAsync(socket, http.RequestAborted);
                return;
            }
            var path = http.Request.Path.Value ?? "";
            if (path.StartsWith("/uapi/", StringComparison.OrdinalIgnoreCase)) { await gateway.HandleAsync(http); return; }
            if (HttpMethods.IsPost(http.Request.Method))
            {
                if (path.Equals("/oauth2/tokenP", StringComparison.Ordinal)) { await oauth.TokenAsync(http); return; }
                if (path.Equals("/oauth2/revokeP", StringComparison.Ordinal)) { await oauth.RevokeAsync(http); return; }
                if (path.Equals("/oauth2/Approval", StringComparison.Ordinal)) { await oauth.ApprovalAsync(http); return; }
            }
            if (path.StartsWith("/sim/control", StringComparison.OrdinalIgnoreCase)) { await control.HandleAsync(http); return; }
            http.Response.StatusCode = 404;
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Kestrel reports wildcard hosts as given; a client needs a concrete one.
        var baseUrl = new Uri(address.Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"));
        self = new SimulatorHost(app, sim, store, baseUrl, time);
        self.Persist();
        logger.LogInformation("KIS simulator ({Mode}) listening on {Url}; WebSocket {Ws}", settings.Mode, baseUrl, self.WebSocketUrl);
        return self;
    }

    private void Tick()
    {
        if (Volatile.Read(ref _stopped) != 0) return;
        try { _sim.Exchange.Step(); }
        catch (Exception e) { _sim.Logger.LogError(e, "Market step failed"); }
    }

    /// <summary>Writes the whole state file now (no-op without StateDirectory).</summary>
    public void Persist()
    {
        if (!_store.Enabled) return;
        lock (_persistGate)
        {
            var model = new StateModel();
            lock (_sim.Exchange.Gate)
            {
                _sim.Exchange.Export(model);
                _sim.Exchange.Dirty = false;
            }
            _sim.Auth.Export(model);
            _store.Save(model);
        }
    }

    private void PersistIfDirty()
    {
        try
        {
            bool dirty;
            lock (_sim.Exchange.Gate) dirty = _sim.Exchange.Dirty;
            if (dirty) Persist();
        }
        catch (Exception e) { _sim.Logger.LogError(e, "Saving simulator state failed"); }
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _marketTimer.Dispose();
        _maintenanceTimer.Dispose();
        _sim.Hub.DisconnectAll();
        await _app.StopAsync(ct);
        Persist();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
