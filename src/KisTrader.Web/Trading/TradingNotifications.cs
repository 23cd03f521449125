using System.Threading.Channels;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Web.Live;

namespace KisTrader.Web.Trading;

/// <summary>Turns trading events into notifications (toasts, webhook, e-mail): fills, runs that sent orders, failed or
/// parked runs, trading-mode changes and engine notices (the LLM budget and consecutive-failure fallbacks, announced once
/// each, and the LLM's return). A failed LLM decision is announced when a streak of them starts and then at most every
/// <see cref="DecisionFailureRepeat"/>, not on every run. Sending happens on its own loop so a slow mail server never
/// holds up the event bus.</summary>
public sealed class TradingNotifications(IEventBus bus, INotifier notifier, SystemStatus status, TimeProvider time)
    : BackgroundService
{
    private readonly Channel<Notification> _queue = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly List<IDisposable> _subscriptions = [];
    private string? _lastEngineNotice;
    /// <summary>While LLM decisions keep failing, the reminder comes at most this often.</summary>
    public static readonly TimeSpan DecisionFailureRepeat = TimeSpan.FromHours(1);
    private bool _decisionFailing;
    private DateTimeOffset _decisionFailureAnnouncedAt;
    // A parked run is published again on every decision about its orders; the admin hears about it once.
    private readonly Queue<string> _announcedParked = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(bus.Subscribe<FillRecorded>((e, _) => Enqueue(ForFill(e))));
        _subscriptions.Add(bus.Subscribe<TradingModeChanged>((e, _) => Enqueue(ForMode(e.State))));
        _subscriptions.Add(bus.Subscribe<RunUpdated>((e, _) => Enqueue(ForRun(e.Run, e.Report as RunReport))));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var n in _queue.Reader.ReadAllAsync(stoppingToken))
                await notifier.NotifyAsync(n, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in _subscriptions) s.Dispose();
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private ValueTask Enqueue(Notification? n)
    {
        if (n is not null) _queue.Writer.TryWrite(n);
        return ValueTask.CompletedTask;
    }

    private Notification ForFill(FillRecorded e) => new(NotificationLevel.Success,
        $"Filled {e.Order.Side} {e.Order.Ticker}",
        $"{e.Fill.Quantity:#,0} at {e.Fill.Price:#,0.##} KRW ({e.Order.FilledQuantity:#,0}/{e.Order.Quantity:#,0} of order {e.Order.OrderId})",
        time.GetUtcNow());

    private Notification ForMode(TradingModeState s) => new(
        s.Mode == TradingMode.Active ? NotificationLevel.Info : s.Mode == TradingMode.Halted ? NotificationLevel.Error : NotificationLevel.Warning,
        $"Trading {s.Mode}", $"by {s.ChangedBy}: {s.Reason}", time.GetUtcNow());

    /// <summary>A finished run is judged by the report it ended with (the run's saved state is the runner's and the Runs
    /// page's); a run that failed without one failed in a node.</summary>
    private Notification? ForRun(GraphRun run, RunReport? report)
    {
        if (run.Graph != OperationalGraph.Name) return null;
        var now = time.GetUtcNow();
        switch (run.Status)
        {
            case RunStatus.Failed:
                if (report?.DecisionFailure is { } failure)
                {
                    var first = !_decisionFailing;
                    _decisionFailing = true;
                    if (!first && now - _decisionFailureAnnouncedAt < DecisionFailureRepeat) return null;
                    _decisionFailureAnnouncedAt = now;
                    return new(NotificationLevel.Error, "LLM decision failed",
                        $"{run.RunId}: {failure}" + (first ? "" : " (still failing; repeated at most hourly)"), now);
                }
                return new(NotificationLevel.Error, "Operational run failed", $"{run.RunId}: {run.Error ?? run.Summary}", now);
            case RunStatus.AwaitingApproval:
                if (_announcedParked.Contains(run.RunId)) return null;
                _announcedParked.Enqueue(run.RunId);
                if (_announcedParked.Count > 200) _announcedParked.Dequeue();
                return new(NotificationLevel.Warning, "Orders await approval", $"run {run.RunId} {KoreaTime.Format(run.StartedAt)}: {run.Summary}", now);
            case RunStatus.Completed:
                if (report is null) return null;
                status.ReportEngineNotice(report.EngineNotice);
                if (report.EngineNotice is { Length: > 0 } notice && notice != _lastEngineNotice)
                {
                    _lastEngineNotice = notice;
                    Enqueue(new Notification(NotificationLevel.Warning, "Decision engine", notice, now));
                }
                else if (report.EngineNotice is null && _lastEngineNotice is not null)
                {
                    // The fallback is over (the LLM answered again, or a new month's budget): say so once.
                    _lastEngineNotice = null;
                    Enqueue(new Notification(NotificationLevel.Info, "Decision engine", $"{report.Engine} decides again", now));
                }
                // A run the fallback decided still carries the LLM's failure: the streak goes on.
                _decisionFailing = report.EngineFailed;
                // Quiet runs (nothing decided) would be noise every few minutes; runs that sent orders are news.
                return report.Handled > 0
                    ? new(NotificationLevel.Info, "Operational run", string.Join("\n", report.Lines is { Count: > 0 } lines ? lines : [run.Summary ?? ""]), now)
                    : null;
            default:
                return null;
        }
    }
}
