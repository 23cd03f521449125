using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Trading;

/// <summary>Sends the day's summary once after the close (15:40 KST) on days with any activity (called by
/// <see cref="DailySummaryJob"/>; a second call the same day, e.g. "Trigger now" on the dashboard, sends nothing).</summary>
public sealed class DailySummaryReporter(IOrderLedger ledger, IGraphStore graphs, INotifier notifier, TimeProvider time)
{
    public static readonly TimeSpan SendAfterKst = new(15, 40, 0);
    private DateOnly? _lastSent;

    /// <summary>Sends today's summary when it is due; returns it, or null when nothing was sent.</summary>
    public async Task<DailySummary?> SendIfDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToKst();
        var today = DateOnly.FromDateTime(now.DateTime);
        if (now.TimeOfDay < SendAfterKst || _lastSent == today) return null;
        _lastSent = today;
        var start = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
        var orders = await ledger.ListAsync(start, start.AddDays(1), ct);
        var runs = (await graphs.ListRunsAsync(OperationalGraph.Name, 1000, ct)).Where(r => r.StartedAt >= start).ToList();
        if (orders.Count == 0 && runs.Count == 0) return null;
        var summary = DailySummary.Build(today, orders, runs);
        await notifier.NotifyAsync(new Notification(NotificationLevel.Info, summary.Title, summary.Text, time.GetUtcNow()), ct);
        return summary;
    }
}
