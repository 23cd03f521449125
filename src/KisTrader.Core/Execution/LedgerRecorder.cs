using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Execution;

/// <summary>
/// The one writer of fills and broker-driven status changes, shared by the notice feed, the polling fallback and
/// reconciliation, so the two channels never race each other into double counting. Every change is published
/// (<see cref="OrderUpdated"/>, <see cref="FillRecorded"/>), and every step of an order's life once as an
/// <see cref="OrderLifecycleEvent"/> (the trade log's source).
/// <para>Fill keys follow the cumulative filled quantity of the order, which both channels can compute:</para>
/// <list type="bullet">
/// <item>A notice covers the shares (n, n+q] where n is the sum of the notices seen before it for that order
/// (notices arrive in execution order on one stream). Its row is keyed <c>ntc:{date}:{orderNo}:{n+q}</c> and records only
/// the part beyond what the ledger already holds (0 when polling got there first; the row still marks n+q as seen).</item>
/// <item>Polling knows the broker's cumulative quantity c: it records the delta c − filled as <c>poll:{date}:{orderNo}:{c}</c>.</item>
/// </list>
/// So the ledger's filled quantity is always the furthest point either channel has reported, never their sum.
/// A notice the broker delivered twice would be counted twice (KIS does not replay notices; polling cannot lower it).
/// </summary>
public sealed class LedgerRecorder(IOrderLedger ledger, IEventBus bus, TimeProvider time)
{
    public const string NoticeSource = "notice";
    public const string PollSource = "poll";

    private readonly SemaphoreSlim _gate = new(1, 1);

    // Fill notices for order numbers we do not know yet. A market order can fill, and its notice arrive, before the
    // order's own REST answer has given us its number; the gateway adopts them once it records the number.
    private readonly Dictionary<string, List<(ExecutionNotice Notice, DateTimeOffset At)>> _orphans = new(StringComparer.Ordinal);
    private static readonly TimeSpan OrphanLifetime = TimeSpan.FromMinutes(2);

    public IOrderLedger Ledger => ledger;

    /// <summary>How often a change is recomputed on a fresh read before giving up: each retry means another writer changed
    /// the order's status in between, and an order has only a handful of statuses to pass through.</summary>
    private const int UpdateAttempts = 5;

    /// <summary>Applies <paramref name="transition"/> (one of <see cref="LedgerOrder"/>'s state-machine methods) to the order
    /// as read, writes the result if it changed anything, and publishes what was written. The write is a compare-and-set
    /// on the status it was computed from: when a fill or another change got there first, the order is read again and the
    /// transition applied to that, so a change decided from a stale read (a cancel of an order a fill has just completed)
    /// becomes whatever the state machine says for the order as it now is (it stays Filled).</summary>
    /// <param name="read">The order as the caller read it.</param>
    /// <param name="step">The step of the order's life this change is, or null when it is none (a note, a broker number
    /// filled in): the caller knows what it did, so each step is published exactly once, and only when written.</param>
    /// <returns>The order as written, or as found when the transition changed nothing.</returns>
    public async Task<LedgerOrder> UpdateAsync(LedgerOrder read, Func<LedgerOrder, LedgerOrder> transition, OrderEventKind? step, CancellationToken ct = default)
    {
        var current = read;
        for (var attempt = 1; attempt <= UpdateAttempts; attempt++)
        {
            var next = transition(current);
            if (next == current) return current;
            var updated = next with { UpdatedAt = time.GetUtcNow() };
            if (await ledger.UpdateAsync(updated, current.Status, ct))
            {
                bus.Publish(new OrderUpdated(updated));
                if (step is { } kind) bus.Publish(new OrderLifecycleEvent(kind, updated.UpdatedAt, updated));
                return updated;
            }
            current = await ledger.GetAsync(read.OrderId, ct)
                ?? throw new InvalidOperationException($"Order '{read.OrderId}' is no longer in the ledger.");
        }
        throw new OrderUpdateConflictException(read.OrderId, UpdateAttempts);
    }

    /// <summary>Writes a new intent and publishes it.</summary>
    public async Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        await ledger.AddAsync(order, ct);
        bus.Publish(new OrderUpdated(order));
        bus.Publish(new OrderLifecycleEvent(OrderEventKind.Intent, order.CreatedAt, order));
    }

    /// <summary>Announces that <paramref name="intent"/> is being handed to the broker (the ledger does not change).
    /// Refuses an order that is not an intent, so nothing is handed over twice.</summary>
    public void Sending(LedgerOrder intent) => bus.Publish(new OrderLifecycleEvent(OrderEventKind.Sent, time.GetUtcNow(), intent.Sending()));

    /// <summary>Applies one execution notice. Returns the order it concerned, or null when the order is not ours.</summary>
    public async Task<LedgerOrder?> ApplyNoticeAsync(ExecutionNotice notice, CancellationToken ct = default)
    {
        if (notice.Kind == NoticeKind.Fill) FillPathTrace.Mark(FillPathTrace.Recorder, notice.OrderNo);
        await _gate.WaitAsync(ct);
        try
        {
            var date = Today();
            if (notice.Kind == NoticeKind.Fill)
            {
                if (notice.Refused || notice.Quantity <= 0) return null;
                var order = await ledger.FindByBrokerOrderNoAsync(notice.OrderNo, date, ct);
                if (order is null)
                {
                    KeepOrphan(notice);
                    FillPathTrace.Mark(FillPathTrace.KeptEarly, notice.OrderNo);
                    return null;
                }
                FillPathTrace.Mark(FillPathTrace.Applied, notice.OrderNo);
                var fills = await ledger.FillsAsync(order.OrderId, ct);
                FillPathTrace.Mark(FillPathTrace.FillsRead, notice.OrderNo);
                var seenByNotices = fills.Where(f => f.Source == NoticeSource).Select(f => CumulativeOf(f.ExecutionKey)).DefaultIfEmpty(0).Max();
                var upTo = seenByNotices + notice.Quantity;
                var beyond = Math.Max(0, upTo - order.FilledQuantity);
                var at = new DateTimeOffset(date.ToDateTime(notice.Time), KoreaTime.Offset);
                var fill = new LedgerFill(order.OrderId, $"ntc:{date:yyyyMMdd}:{BrokerOrderNumbers.Normalize(notice.OrderNo)}:{upTo}", beyond, notice.Price, at, NoticeSource);
                return await RecordAsync(fill, ct) ?? order;
            }

            // Acknowledgements: a refusal of our order, or the confirmation of a cancel of it.
            if (notice.Modification == ModificationKind.Cancel && !notice.Refused && notice.OriginalOrderNo is { } original)
            {
                var cancelled = await ledger.FindByBrokerOrderNoAsync(original, date, ct);
                if (cancelled is null || cancelled.IsFinal) return cancelled;
                return await UpdateAsync(cancelled, o => o.Cancelled(), OrderEventKind.Cancel, ct);
            }
            var acked = await ledger.FindByBrokerOrderNoAsync(notice.OrderNo, date, ct);
            if (acked is null || acked.IsFinal) return acked;
            if (notice.Modification == ModificationKind.Original && notice.Refused)
                return await UpdateAsync(acked, o => o.Rejected("refused by the exchange (execution notice)"), OrderEventKind.Rejection, ct);
            if (acked.IsAmbiguous)
                return await UpdateAsync(acked, o => o.Acknowledged(acked.BrokerOrgNo, acked.BrokerOrderNo),
                    acked.Status == LedgerOrderStatus.Unknown ? OrderEventKind.Reconciled : OrderEventKind.Acknowledged, ct);
            return acked;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies fill notices that arrived before <paramref name="order"/>'s broker number was recorded. Call it after
    /// the number is written, without holding the recorder's gate.</summary>
    public async Task AdoptEarlyNoticesAsync(LedgerOrder order, CancellationToken ct = default)
    {
        if (order.BrokerOrderNo is null) return;
        List<(ExecutionNotice Notice, DateTimeOffset At)>? early;
        // Under the gate a notice holds from its lookup to keeping it: either that lookup ran after the number was written
        // (the caller wrote it before calling this) and applied the fill, or its orphan is here. Without the gate a notice
        // looked up before the number but kept after this read waited for the next poll.
        await _gate.WaitAsync(ct);
        try
        {
            lock (_orphans)
                if (_orphans.Remove(BrokerOrderNumbers.Normalize(order.BrokerOrderNo), out early) is false) return;
        }
        finally
        {
            _gate.Release();
        }
        foreach (var (notice, _) in early!)
            await ApplyNoticeAsync(notice, ct);
    }

    private void KeepOrphan(ExecutionNotice notice)
    {
        var now = time.GetUtcNow();
        lock (_orphans)
        {
            foreach (var key in _orphans.Where(kv => kv.Value.All(o => now - o.At > OrphanLifetime)).Select(kv => kv.Key).ToList())
                _orphans.Remove(key);
            var no = BrokerOrderNumbers.Normalize(notice.OrderNo);
            if (!_orphans.TryGetValue(no, out var list)) _orphans[no] = list = [];
            list.Add((notice, now));
        }
    }

    /// <summary>Brings a ledger order in line with the broker's row for it (daily_ccld): broker numbers, the fill delta
    /// since the ledger's last known cumulative quantity, and the final state.</summary>
    public async Task<LedgerOrder> ApplyBrokerOrderAsync(LedgerOrder order, BrokerOrder broker, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = await ledger.GetAsync(order.OrderId, ct) ?? order;
            if (current.BrokerOrderNo is null || current.IsAmbiguous)
            {
                // Only reconciliation hands over an ambiguous order (polling follows open ones): the broker's list settles it.
                var ambiguous = current.IsAmbiguous;
                current = await UpdateAsync(current, o => o.Reconciled(broker.BranchNo, broker.OrderNo), ambiguous ? OrderEventKind.Reconciled : null, ct);
            }

            if (broker.FilledQuantity > current.FilledQuantity)
            {
                var delta = broker.FilledQuantity - current.FilledQuantity;
                var brokerAmount = broker.FilledAmount > 0 ? broker.FilledAmount : broker.AverageFillPrice * broker.FilledQuantity;
                var ledgerAmount = (current.AverageFillPrice ?? 0m) * current.FilledQuantity;
                var price = Math.Round((brokerAmount - ledgerAmount) / delta, 4);
                if (price <= 0) price = broker.AverageFillPrice;
                var fill = new LedgerFill(current.OrderId, $"poll:{broker.OrderDate:yyyyMMdd}:{BrokerOrderNumbers.Normalize(broker.OrderNo)}:{broker.FilledQuantity}",
                    delta, price, time.GetUtcNow(), PollSource);
                current = await RecordAsync(fill, ct) ?? current;
            }

            var brokerDone = broker.Cancelled || broker.RemainingQuantity == 0;
            if (brokerDone && !current.IsFinal && current.FilledQuantity < current.Quantity)
            {
                var rejected = current.FilledQuantity == 0 && broker.RejectedQuantity > 0;
                current = rejected
                    ? await UpdateAsync(current, o => o.Rejected("rejected by the exchange (order list)"), OrderEventKind.Rejection, ct)
                    : await UpdateAsync(current, o => o.Cancelled(), OrderEventKind.Cancel, ct);
            }
            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<LedgerOrder?> RecordAsync(LedgerFill fill, CancellationToken ct)
    {
        if (!await ledger.AddFillAsync(fill, ct)) return null;
        FillPathTrace.Mark(FillPathTrace.FillAdded, BrokerOrderNoOf(fill.ExecutionKey));
        var after = await ledger.GetAsync(fill.OrderId, ct);
        if (after is null) return null;
        FillPathTrace.Mark(FillPathTrace.FillWritten, after.BrokerOrderNo);
        // The fill first: the dashboard shows it at once, and its handler then has the order's change too.
        if (fill.Quantity > 0)
        {
            bus.Publish(new FillRecorded(fill, after));
            FillPathTrace.Mark(FillPathTrace.Published, after.BrokerOrderNo);
        }
        bus.Publish(new OrderUpdated(after));
        if (fill.Quantity > 0)
            bus.Publish(new OrderLifecycleEvent(OrderEventKind.Fill, fill.FilledAt, after, fill));
        return after;
    }

    /// <summary>The broker order number in a fill key (<c>ntc:{date}:{orderNo}:{n}</c>, <c>poll:…</c>), for the trace.</summary>
    private static string? BrokerOrderNoOf(string key) => key.Split(':') is [_, _, var no, _] ? no : null;

    private static long CumulativeOf(string key) =>
        long.TryParse(key.AsSpan(key.LastIndexOf(':') + 1), out var n) ? n : 0;

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().ToKst().DateTime);
}

/// <summary>An order kept changing under a status update, attempt after attempt: nothing was written by this update.</summary>
public sealed class OrderUpdateConflictException(string orderId, int attempts)
    : InvalidOperationException($"Order '{orderId}' changed in the ledger during each of {attempts} attempts to update it; the update was not written.")
{
    public string OrderId { get; } = orderId;
}
