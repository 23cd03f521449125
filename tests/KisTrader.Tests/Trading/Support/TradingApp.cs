using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Trading.Support;

/// <summary>
/// The real KisTrader app built in-process by <see cref="KisTraderHost.BuildAsync"/> (the same composition as the web
/// server and the CLI) and started: the built-in simulator on a free port, the database and logs in a
/// <see cref="TempDataDir"/>, the web server on 127.0.0.1:0, the schedule off unless a test turns it on.
/// </summary>
internal sealed class TradingApp : IAsyncDisposable
{
    public const string AdminPassword = "Test-Admin-Password-1";

    private TradingApp(WebApplication app) => App = app;

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;

    public Uri BaseUrl => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Builds and starts the app over <paramref name="dir"/>; <paramref name="settings"/> override the defaults
    /// (configuration keys such as "Trading:ApprovalMode"). Returns once the realtime feed is connected.</summary>
    /// <param name="services">More services after the app's own (a log capture, a failing store).</param>
    /// <param name="environment">The hosting environment ("Development"); the process's own (Production) when null.</param>
    /// <param name="beforeStart">Runs once the app is built and its database migrated, before it starts (break something
    /// start-up needs).</param>
    public static async Task<TradingApp> StartAsync(TempDataDir dir, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, string? environment = null, Func<Task>? beforeStart = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dir.DataDir,
            ["Logs:Directory"] = dir.LogDir,
            ["Logs:MinimumLevel"] = "Warning",
            ["urls"] = "http://127.0.0.1:0",
            ["Simulator:Port"] = "0",
            ["Admin:Password"] = AdminPassword,
            ["Trading:ScheduleEnabled"] = "false",
            ["Trading:ApprovalMode"] = "Off",
            // Hangfire in memory: nothing to clean up; a test about the embedded storage asks for it ("Auto").
            ["Database:JobStorage"] = "InMemory",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) overrides[k] = v;

        string[] args = environment is null ? [] : ["--environment", environment];
        var (app, _, _, exit) = await KisTraderHost.BuildAsync(args, overrides, TextWriter.Null, services: services);
        if (app is null) throw new InvalidOperationException($"The app did not build (exit code {exit}).");
        try
        {
            if (beforeStart is not null) await beforeStart();
            await app.StartAsync();
            var started = new TradingApp(app);
            await started.WaitForFeedAsync();
            return started;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A run on stale data decides nothing: wait for the realtime session to be connected.</summary>
    private async Task WaitForFeedAsync()
    {
        var feed = Get<IRealtimeFeed>();
        await Poll.UntilAsync(() => Task.FromResult(feed.State == FeedState.Connected), TimeSpan.FromSeconds(20), "the realtime feed to connect");
    }

    public Task<OperationalRunOutcome> RunAsync(string trigger = "test") => Get<IOperationalRunner>().RunAsync(trigger);

    public async Task<GraphRun> RunRecordAsync(string runId) =>
        await Get<IGraphStore>().GetRunAsync(runId) ?? throw new InvalidOperationException($"run {runId} not stored");

    public async Task<TradingState> StateAsync(string runId) => GraphJson.Deserialize<TradingState>((await RunRecordAsync(runId)).StateJson);

    /// <summary>The current price of <paramref name="ticker"/>: the realtime cache, else a REST quote.</summary>
    public async Task<decimal> PriceAsync(string ticker)
    {
        if (Get<TickCache>().TryGet(ticker, out var tick) && tick.Price > 0) return tick.Price;
        return (await Get<IMarketData>().GetQuoteAsync(ticker)).Price;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>Generous polling for things that happen shortly after an action (fills by notice, scheduled runs).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow >= deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
