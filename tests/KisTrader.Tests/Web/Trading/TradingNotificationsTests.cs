using Microsoft.Extensions.Configuration;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Web.Trading;

namespace KisTrader.Tests.Web.Trading;

public sealed class TradingNotificationsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private readonly InMemoryEventBus _bus = new();
    private readonly RecordingNotifier _notifier = new();
    private TradingNotifications _service = default!;
    private static readonly KisTrader.Web.Hosting.AppSettings Settings = KisTrader.Web.Hosting.AppSettings.Load(
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Llm:ApiKey"] = "k" }).Build());
    private readonly KisTrader.Web.Live.SystemStatus _status = new(Microsoft.Extensions.Options.Options.Create(Settings.Kis),
        Microsoft.Extensions.Options.Options.Create(Settings.Database), Microsoft.Extensions.Options.Options.Create(Settings.Llm));

    private sealed class RecordingNotifier : INotifier
    {
        public readonly List<Notification> Sent = [];
        public readonly SemaphoreSlim Signal = new(0);

        public Task NotifyAsync(Notification notification, CancellationToken ct = default)
        {
            lock (Sent) Sent.Add(notification);
            Signal.Release();
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _service = new TradingNotifications(_bus, _notifier, _status, TimeProvider.System);
        await _service.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
    }

    private int _read;

    /// <summary>The next notification in the order they were sent.</summary>
    private async Task<Notification> NextAsync()
    {
        Assert.True(await _notifier.Signal.WaitAsync(TimeSpan.FromSeconds(10)), "no notification was sent");
        lock (_notifier.Sent) return _notifier.Sent[_read++];
    }

    // The state stored with the run is not JSON of a TradingState: notifications read the report the run ended with, never the state.
    private static RunUpdated Updated(RunStatus status, RunReport? report = null) => new(
        new("run-1", OperationalGraph.Name, "schedule", status, Now, Now.AddSeconds(2), null, "not read", "summary line",
            status == RunStatus.Failed ? "node Decide failed: boom" : null), report);

    private static RunReport Report(string? engine = "rules", string? notice = null, string? failure = null, bool engineFailed = false,
        int handled = 0, params string[] lines) => new(lines, 0, 0, 0, 0, 0, 0, 0, [], engine, notice, failure, engineFailed, handled);

    [Fact]
    public async Task Fill_IsAnnouncedWithQuantityPriceAndProgress()
    {
        var order = new LedgerOrder("o1", Now, Now, "005930", Side.Buy, 10, OrderPriceType.Limit, 70_000m, LedgerOrderStatus.PartiallyFilled,
            "00950", "0000000001", 4, 70_000m, "run-1", null, "why", null);
        _bus.Publish(new FillRecorded(new LedgerFill("o1", "k1", 4, 70_000m, Now, "notice"), order));
        var n = await NextAsync();
        Assert.Equal(NotificationLevel.Success, n.Level);
        Assert.Contains("005930", n.Title);
        Assert.Contains("4 at 70,000 KRW (4/10", n.Message);
    }

    [Fact]
    public async Task Halt_IsAnError_WithWhoAndWhy()
    {
        _bus.Publish(new TradingModeChanged(new TradingModeState(TradingMode.Halted, "market crash", "alice", Now)));
        var n = await NextAsync();
        Assert.Equal(NotificationLevel.Error, n.Level);
        Assert.Equal("Trading Halted", n.Title);
        Assert.Equal("by alice: market crash", n.Message);
    }

    [Fact]
    public async Task QuietCompletedRun_IsNotAnnounced_ButAFailedRunIs()
    {
        _bus.Publish(Updated(RunStatus.Completed, Report()));
        _bus.Publish(Updated(RunStatus.Failed));
        var n = await NextAsync();
        Assert.Equal(NotificationLevel.Error, n.Level);
        Assert.Contains("boom", n.Message);
        lock (_notifier.Sent) Assert.Single(_notifier.Sent);
    }

    [Fact]
    public async Task ParkedRun_IsAnnouncedOnce_ThoughItIsPublishedOnEveryDecision()
    {
        _bus.Publish(Updated(RunStatus.AwaitingApproval));
        _bus.Publish(Updated(RunStatus.AwaitingApproval));
        _bus.Publish(Updated(RunStatus.Failed));
        Assert.Equal("Orders await approval", (await NextAsync()).Title);
        Assert.Equal("Operational run failed", (await NextAsync()).Title);
        lock (_notifier.Sent) Assert.Equal(2, _notifier.Sent.Count);
    }

    [Fact]
    public async Task EngineNotice_IsAnnouncedOnce_NotOnEveryRun()
    {
        var report = Report(notice: "LLM budget of 20 USD used up this month: the rules engine decides");
        _bus.Publish(Updated(RunStatus.Completed, report));
        _bus.Publish(Updated(RunStatus.Completed, report));
        // Events of one type reach the service in order: the failed run marks the end of the first two.
        _bus.Publish(Updated(RunStatus.Failed));
        var first = await NextAsync();
        Assert.Contains("budget", first.Message);
        Assert.Equal("Rules (LLM fallback)", _status.DecisionEngine);
        Assert.Contains("budget", _status.EngineNotice);
        var second = await NextAsync();
        Assert.Equal("Operational run failed", second.Title);
        lock (_notifier.Sent) Assert.Equal(2, _notifier.Sent.Count);
    }

    private static RunReport FailedDecision(string reason) => Report("llm", failure: reason, engineFailed: true);

    [Fact]
    public async Task FailedLlmDecisions_AreAnnouncedWhenTheStreakStarts_ThenAtMostHourly_AndAgainAfterARecovery()
    {
        var clock = new KisTrader.Testing.ManualTimeProvider(Now);
        var notifier = new RecordingNotifier();
        using var service = new TradingNotifications(_bus, notifier, _status, clock);
        await _service.StopAsync(CancellationToken.None); // only the service under this test's clock listens
        await service.StartAsync(CancellationToken.None);
        async Task<Notification> Next()
        {
            Assert.True(await notifier.Signal.WaitAsync(TimeSpan.FromSeconds(10)), "no notification was sent");
            lock (notifier.Sent) return notifier.Sent[^1];
        }

        _bus.Publish(Updated(RunStatus.Failed, FailedDecision("the LLM call failed: connection refused (127.0.0.1:11434)")));
        var first = await Next();
        Assert.Equal(("LLM decision failed", NotificationLevel.Error), (first.Title, first.Level));
        Assert.Equal("run-1: the LLM call failed: connection refused (127.0.0.1:11434)", first.Message);

        clock.Advance(TimeSpan.FromMinutes(10));
        _bus.Publish(Updated(RunStatus.Failed, FailedDecision("the LLM call failed: connection refused (127.0.0.1:11434)")));
        // Events reach the service in order: once this other failure is announced, the one before was judged at +10 min.
        _bus.Publish(Updated(RunStatus.Failed));
        Assert.Equal("Operational run failed", (await Next()).Title);
        clock.Advance(TimeSpan.FromMinutes(51));
        _bus.Publish(Updated(RunStatus.Failed, FailedDecision("the LLM call timed out after 60 s")));
        var reminder = await Next();
        Assert.Equal("run-1: the LLM call timed out after 60 s (still failing; repeated at most hourly)", reminder.Message);

        // The LLM answers: the next failure starts a new streak and is announced at once.
        _bus.Publish(Updated(RunStatus.Completed, Report("llm")));
        clock.Advance(TimeSpan.FromMinutes(1));
        _bus.Publish(Updated(RunStatus.Failed, FailedDecision("response was not JSON: 'S' is an invalid start of a value")));
        Assert.StartsWith("run-1: response was not JSON", (await Next()).Message);
        await service.StopAsync(CancellationToken.None);
        lock (notifier.Sent) Assert.Equal(4, notifier.Sent.Count);
    }

    [Fact]
    public async Task FailureFallback_IsAnnouncedOnce_AndTheLlmsReturnOnce()
    {
        var notice = KisTrader.Core.Decisions.DecisionEngineSelector.FailureNotice(3);
        // The rules engine decided after the LLM's answer was rejected: a plan, so no decision failure.
        var fallback = Report("rules", notice: notice, engineFailed: true);
        _bus.Publish(Updated(RunStatus.Completed, fallback));
        _bus.Publish(Updated(RunStatus.Completed, fallback));
        _bus.Publish(Updated(RunStatus.Completed, Report("llm")));

        var announced = await NextAsync();
        Assert.Equal(("Decision engine", notice), (announced.Title, announced.Message));
        var back = await NextAsync();
        Assert.Equal(("Decision engine", "llm decides again"), (back.Title, back.Message));
        Assert.Null(_status.EngineNotice);
        lock (_notifier.Sent) Assert.Equal(2, _notifier.Sent.Count);
    }

    [Fact]
    public async Task ARunThatDealtWithOrders_IsAnnouncedWithItsReportLines()
    {
        _bus.Publish(Updated(RunStatus.Completed, Report(handled: 1, lines: ["rules: 1 planned, 1 passed risk, 1 sent, 0 filled", "BUY 10 005930: Sent"])));
        var n = await NextAsync();
        Assert.Equal(("Operational run", NotificationLevel.Info), (n.Title, n.Level));
        Assert.Equal("rules: 1 planned, 1 passed risk, 1 sent, 0 filled\nBUY 10 005930: Sent", n.Message);
    }
}
