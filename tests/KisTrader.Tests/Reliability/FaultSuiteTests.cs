using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Simulator;
using KisTrader.Tests.Reliability.Support;
using KisTrader.Tests.Trading.Support;
using Xunit.Abstractions;

namespace KisTrader.Tests.Reliability;

/// <summary>
/// Issue 6, the fault suite: the composed app (approval Off, the rules engine buying on every run, tight risk limits)
/// against its built-in simulator while the simulator injects one fault at a time. Every scenario runs operational
/// cycles under the fault with the dashboard being asked over HTTP, clears the fault, lets reconciliation and polling
/// run, and then requires the safe state: no order beyond the limits, one broker order per ledger order, nothing
/// ambiguous, no run that decided on stale data, no unhandled exception, the host and the feed alive
/// (see <see cref="SafeState"/> and <see cref="HostHealth"/>). The numbers go to the test output and to
/// artifacts/reliability/faults.json.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_EGW00201_storm_during_trading_sends_nothing_twice_and_ends_with_no_order_beyond_limits()
    {
        await using var rig = await FaultRig.StartAsync();
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;

        rig.Faults.Update(f => f.RateLimitErrorRate = 0.25);
        dashboard.Start();
        await rig.CyclesAsync(4, "egw00201-storm");
        await dashboard.StopAndAssertAsync();
        rig.Faults.Reset();
        await rig.CyclesAsync(1, "after-storm");

        var injected = Since(before, rig.Faults.Injected);
        Assert.True(injected.RateLimitErrors > 0, "no EGW00201 was injected");
        Assert.True(rig.Kis.RetriedRequests > 0, "no read was retried");
        await FinishAsync(rig, dashboard, "egw00201-storm", injected);
    }

    [Fact]
    public async Task An_access_token_that_expires_mid_run_is_replaced_once_and_the_run_completes()
    {
        await using var rig = await FaultRig.StartAsync(ageToken: true);
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;
        var issuesBefore = rig.Kis.TokenIssues;

        dashboard.Start();
        await rig.CyclesAsync(1, "before-expiry");
        // Mid-run: the token expires as the run moves on to the risk check, so the checks' reads and the order sends
        // meet EGW00123.
        var expired = new TaskCompletionSource();
        using (rig.App.Get<IEventBus>().Subscribe<RunUpdated>((e, _) =>
               {
                   if (e.Run.NextNode == OperationalGraph.CheckRisk && expired.TrySetResult()) rig.Faults.ExpireTokens();
                   return ValueTask.CompletedTask;
               }))
        {
            var during = await rig.RunAsync("token-expires-mid-run");
            Assert.True(expired.Task.IsCompleted, "the run never reached the risk check: " + during);
            Assert.True(during.Status == nameof(RunStatus.Completed), "the run did not complete: " + during);
            var steps = await rig.App.Get<IGraphStore>().StepsAsync(during.RunId!);
            Assert.All(steps, s => Assert.Null(s.Error));
        }
        await rig.CyclesAsync(2, "after-expiry");
        await dashboard.StopAndAssertAsync();

        var injected = Since(before, rig.Faults.Injected);
        Assert.Equal(1, injected.TokenExpiries);
        // One new token for every caller that met the expired one (one issue in flight is shared).
        Assert.Equal(issuesBefore + 1, rig.Kis.TokenIssues);
        await FinishAsync(rig, dashboard, "token-expiry-mid-run", injected);
    }

    [Fact]
    public async Task Bursts_of_5xx_fail_runs_cleanly_place_nothing_twice_and_trading_resumes_afterwards()
    {
        await using var rig = await FaultRig.StartAsync();
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;

        dashboard.Start();
        using var stop = new CancellationTokenSource();
        var bursts = Task.Run(async () =>
        {
            // 1.5 s of half the REST calls answered HTTP 500 EGW00002, then 1.5 s of quiet, until stopped.
            while (!stop.IsCancellationRequested)
            {
                rig.Faults.Update(f => f.ServerErrorRate = 0.5);
                await Task.Delay(1500);
                rig.Faults.Update(f => f.ServerErrorRate = 0);
                await Task.Delay(1500);
            }
        });
        await rig.CyclesAsync(5, "5xx-bursts", pause: TimeSpan.FromMilliseconds(500));
        await stop.CancelAsync();
        await bursts;
        await dashboard.StopAndAssertAsync();
        rig.Faults.Reset();

        var injected = Since(before, rig.Faults.Injected);
        Assert.True(injected.ServerErrors > 0, "no 5xx was injected");
        var resumed = await rig.RunAsync("after-5xx");
        Assert.True(resumed.Status == nameof(RunStatus.Completed), "the first run after the bursts did not complete: " + resumed);
        await FinishAsync(rig, dashboard, "5xx-bursts", injected);
    }

    [Fact]
    public async Task An_order_whose_response_is_dropped_after_the_broker_accepted_it_ends_as_exactly_one_reconciled_order()
    {
        await using var rig = await FaultRig.StartAsync();
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;

        rig.Faults.Update(f => f.DropNextOrderResponses = 3);
        dashboard.Start();
        for (var i = 0; i < 6 && rig.Faults.Current.DropNextOrderResponses > 0; i++)
        {
            await rig.RunAsync("dropped-responses");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await dashboard.StopAndAssertAsync();
        rig.Faults.Reset();

        var injected = Since(before, rig.Faults.Injected);
        Assert.Equal(3, injected.DroppedOrderResponses);
        // Each lost answer left its ledger order Unknown until the gateway reconciled it with the broker's list.
        await Poll.UntilAsync(() => Task.FromResult(rig.UnknownOutcomes == 3), TimeSpan.FromSeconds(5),
            $"three ledger orders to have been Unknown (seen: {rig.UnknownOutcomes})");
        await FinishAsync(rig, dashboard, "dropped-order-response", injected);
    }

    [Fact]
    public async Task WebSocket_disconnects_every_two_seconds_are_survived_no_run_decides_while_reconnecting_and_every_fill_is_recorded()
    {
        await using var rig = await FaultRig.StartAsync();
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;
        var reconnectsBefore = rig.Kis.Reconnects;

        rig.Faults.Update(f => f.WebSocketDisconnectEverySeconds = 2);
        dashboard.Start();
        await rig.CyclesAsync(8, "websocket-disconnects");
        await dashboard.StopAndAssertAsync();
        rig.Faults.Reset();
        await rig.WaitForFeedAsync(FeedState.Connected, TimeSpan.FromSeconds(30));

        var injected = Since(before, rig.Faults.Injected);
        Assert.True(injected.DisconnectedSessions >= 3, $"only {injected.DisconnectedSessions} sessions were dropped");
        Assert.True(rig.Kis.Reconnects - reconnectsBefore >= 3, $"the feed reconnected only {rig.Kis.Reconnects - reconnectsBefore} times");
        await FinishAsync(rig, dashboard, "websocket-disconnects", injected);
    }

    [Fact]
    public async Task Malformed_frames_are_rejected_whole_and_logged_while_the_feed_keeps_running()
    {
        await using var rig = await FaultRig.StartAsync();
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;
        var malformedBefore = rig.Kis.MalformedFrames;
        var reconnectsBefore = rig.Kis.Reconnects;
        var watchlist = rig.App.Get<OperationalGraphOptions>().Watchlist.ToHashSet(StringComparer.Ordinal);
        var insane = new List<string>();
        var ticks = 0;

        using (rig.App.Get<IEventBus>().Subscribe<TickReceived>((e, _) =>
               {
                   Interlocked.Increment(ref ticks);
                   var t = e.Tick;
                   // A half-applied frame would show as a tick with fields from a cut-off record.
                   if (!watchlist.Contains(t.Ticker) || t.Price <= 0 || t.High < t.Low || t.Price > t.High || t.Price < t.Low || t.CumulativeVolume < 0)
                       lock (insane) insane.Add(t.ToString());
                   return ValueTask.CompletedTask;
               }))
        {
            rig.Faults.Update(f => f.MalformedFrameRate = 0.3);
            dashboard.Start();
            await rig.CyclesAsync(4, "malformed-frames");
            await dashboard.StopAndAssertAsync();
            rig.Faults.Reset();
            // Frames already queued at the simulator arrive within a moment.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var injected = Since(before, rig.Faults.Injected);
        var skipped = rig.Kis.MalformedFrames - malformedBefore;
        Assert.True(injected.MalformedFrames > 0, "no malformed frame was injected");
        // Every corrupted frame was recognised and dropped as a whole: none was taken for data.
        Assert.Equal(injected.MalformedFrames, skipped);
        Assert.True(ticks > 0, "no tick arrived during the fault");
        Assert.True(insane.Count == 0, "ticks with impossible fields:\n" + string.Join("\n", insane));
        Assert.Equal(reconnectsBefore, rig.Kis.Reconnects);
        Assert.Equal(FeedState.Connected, rig.Feed.State);
        await FinishAsync(rig, dashboard, "malformed-frames", injected, report =>
        {
            var logged = HostHealth.Count(rig.LogDirectory, "Malformed KIS realtime message skipped");
            Assert.True(logged >= 1, "no malformed frame was logged");
            report.Add("malformedFramesLogged", logged).Add("ticksDuringFault", ticks);
        });
    }

    [Fact]
    public async Task A_silent_feed_turns_stale_so_runs_decide_nothing_the_dashboard_shows_it_and_trading_resumes_when_data_returns()
    {
        await using var rig = await FaultRig.StartAsync();
        await using var dashboard = await DashboardProbe.SignInAsync(rig.App);
        var before = rig.Faults.Injected;
        await rig.CyclesAsync(1, "before-silence");
        var ordersBefore = (await SafeState.LedgerTodayAsync(rig)).Count;

        rig.Faults.Update(f => f.SilenceFeed = true);
        dashboard.Start();
        await rig.WaitForFeedAsync(FeedState.Stale, TimeSpan.FromSeconds(FaultRig.StaleFeedSeconds + 10));
        var page = await dashboard.GetAsync("/system");
        Assert.NotNull(page);
        Assert.Matches("data-testid=\"feed-state\"[^>]*>\\s*stale\\s*<", page);
        var stale = new List<RunRecord>();
        for (var i = 0; i < 2; i++)
        {
            stale.Add(await rig.RunAsync("silent-feed"));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await dashboard.StopAndAssertAsync();
        foreach (var run in stale)
        {
            Assert.True(run.Stale && run.PlannedOrders == 0 && run.SentOrderIds.Count == 0, "a run on the silent feed decided: " + run);
            Assert.Contains("market data is stale", run.State!.DecisionNote);
            // The stored run (graph_runs) says why in its report, as the run's page shows it.
            var stored = await rig.App.StateAsync(run.RunId!);
            Assert.Contains(stored.Report!.Lines, l => l.Contains("market data is stale", StringComparison.Ordinal));
        }
        Assert.Equal(ordersBefore, (await SafeState.LedgerTodayAsync(rig)).Count);

        rig.Faults.Reset();
        await rig.WaitForFeedAsync(FeedState.Connected, TimeSpan.FromSeconds(10));
        var resumed = await rig.RunUntilAnOrderIsSentAsync(6, "after-silence");
        Assert.True(resumed is not null, "trading did not resume after the feed returned:\n" + string.Join("\n", rig.Runs));

        var injected = Since(before, rig.Faults.Injected);
        Assert.True(injected.SilencedFrames > 0, "no frame was withheld");
        await FinishAsync(rig, dashboard, "silent-feed", injected, report => report.Add("staleRunsWhileSilent", stale.Count));
    }

    /// <summary>The safe state, common to every scenario (the fault is already cleared).</summary>
    private async Task FinishAsync(FaultRig rig, DashboardProbe dashboard, string scenario, FaultCounts injected, Action<FaultReport>? more = null)
    {
        rig.Faults.Reset();
        var settled = await SafeState.SettleAsync(rig);
        await HostHealth.AssertAliveAsync(rig);
        var client = ClientNumbers.Of(rig.Kis);
        await rig.StopAppAsync();
        var errors = HostHealth.Errors(rig.LogDirectory);

        var report = new FaultReport(scenario).Standard(rig, client, injected, settled, dashboard, errors);
        more?.Invoke(report);
        report.Write(output, rig);
        foreach (var e in errors) output.WriteLine($"  error log: [{e.Level}] {e.Source}: {e.Message}{(e.HasStack ? " (with stack)" : "")}");

        SafeState.Assert(settled);
        AssertNoDecisionOnStaleData(rig, settled);
        HostHealth.AssertNoUnhandledExceptions(errors);
    }

    /// <summary>A run whose analysis was stale planned and sent nothing and says why; every order came from a run whose
    /// analysis had a connected, current feed.</summary>
    private static void AssertNoDecisionOnStaleData(FaultRig rig, Settled settled)
    {
        foreach (var run in rig.Runs.Where(r => r.Stale))
        {
            Assert.True(run.PlannedOrders == 0 && run.State!.Executions.Count == 0, "a run on stale data decided: " + run);
            Assert.Contains("stale", run.State!.DecisionNote ?? "", StringComparison.OrdinalIgnoreCase);
        }
        var byId = rig.Runs.Where(r => r.RunId is not null).ToDictionary(r => r.RunId!, StringComparer.Ordinal);
        foreach (var order in settled.Ledger)
        {
            var run = order.RunId is null ? null : byId.GetValueOrDefault(order.RunId);
            Assert.True(run is not null, $"order {order.OrderId} came from no run of this test");
            Assert.True(run.State?.Analysis is { Stale: false, Feed: FeedState.Connected }, $"order {order.OrderId} came from a run on stale data: {run}");
        }
    }

    private static FaultCounts Since(FaultCounts a, FaultCounts b) => new(
        b.RateLimitErrors - a.RateLimitErrors, b.ServerErrors - a.ServerErrors, b.DroppedOrderResponses - a.DroppedOrderResponses,
        b.DisconnectedSessions - a.DisconnectedSessions, b.MalformedFrames - a.MalformedFrames, b.SilencedFrames - a.SilencedFrames,
        b.TokenExpiries - a.TokenExpiries);
}
