using System.Net.Http.Json;
using System.Text;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Broker;

namespace KisTrader.Tests.Trading;

/// <summary>Trading:EventRuns on the composed app against the built-in simulator: a price shock on a watched ticker reaches
/// the realtime feed, the alert detector sees a surge, the dashboard and the event run hear of it, and one operational run
/// scoped to that ticker runs through the same graph (approval Required, as configured).</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class EventRunTests
{
    [Fact]
    public async Task ASurgeOnAWatchedTicker_StartsOneRunScopedToIt_UnderTheConfiguredApprovalMode()
    {
        const string code = "005930";
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            ["Trading:EventRuns"] = "true",
            ["Trading:ApprovalMode"] = "Required",
            ["Trading:Watchlist:0"] = code,
            ["Trading:Watchlist:1"] = "000660",
        });
        var bus = app.Get<IEventBus>();
        var toasts = new List<Notification>();
        using var toastProbe = bus.Subscribe<NotificationRaised>((e, _) => { lock (toasts) toasts.Add(e.Notification); return ValueTask.CompletedTask; });
        var finished = new TaskCompletionSource<GraphRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var runProbe = bus.Subscribe<RunUpdated>((e, _) =>
        {
            if (e.Run.Trigger.StartsWith("event:", StringComparison.Ordinal) && e.Run.Status is not RunStatus.Running)
                finished.TrySetResult(e.Run);
            return ValueTask.CompletedTask;
        });

        using var sim = new HttpClient { BaseAddress = app.Get<BrokerRuntime>().Simulator!.BaseUrl };
        var cache = app.Get<TickCache>();
        await Poll.UntilAsync(() => Task.FromResult(cache.TryGet(code, out _)), TimeSpan.FromSeconds(10), $"a tick of {code}");
        var answer = await sim.PostAsync("/sim/control/shock", new StringContent($"{{\"code\":\"{code}\",\"percent\":8}}", Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();

        var run = await finished.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal($"event:surge:{code}", run.Trigger);
        var state = GraphJson.Deserialize<TradingState>(run.StateJson);
        Assert.Equal([code], state.Scope);
        // A fresh demo account holds nothing: the run analysed exactly the alert's ticker, not the watchlist.
        Assert.Equal([code], state.Analysis!.Tickers.Select(t => t.Ticker));
        lock (toasts) Assert.Contains(toasts, n => n.Title.StartsWith($"Surge {code}", StringComparison.Ordinal));

        // The surge goes on ticking; within the rate limit no second event run starts for the ticker.
        var runs = await app.Get<IGraphStore>().ListRunsAsync(OperationalGraph.Name);
        Assert.Single(runs, r => r.Trigger.StartsWith("event:", StringComparison.Ordinal));
    }
}
