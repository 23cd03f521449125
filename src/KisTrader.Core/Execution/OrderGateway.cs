using KisTrader.Core.Events;
using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Execution;

/// <summary>
/// The only path from a planned order to the broker, and the only type allowed to depend on <see cref="IOrderRouter"/>.
/// Register it as a singleton: its lock is what keeps two submissions (or a submission and a halt) from interleaving,
/// so cash is never spent twice and a halt is seen by the very next send.
/// </summary>
public sealed class OrderGateway(
    RiskEngine risk,
    RiskContextBuilder contexts,
    LedgerRecorder recorder,
    IOrderRouter router,
    IAccountReader account,
    TimeProvider time) : IOrderGateway
{
    /// <summary>How far from our intent's timestamp a broker order may be and still be matched to an intent that has no broker number.</summary>
    public TimeSpan MatchWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an ambiguous order may be absent from the broker's list before it is taken as never placed
    /// (the list can lag an order the broker is still processing).</summary>
    public TimeSpan AbsenceGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Prices limit orders to be marketable at send time (within the slippage bound). Null sends at the plan's
    /// price (tests of other concerns, and brokers without a book).</summary>
    public MarketablePricer? Pricer { get; init; }

    private static readonly LedgerOrderStatus[] Ambiguous = [LedgerOrderStatus.Intent, LedgerOrderStatus.Unknown];
    private static readonly LedgerOrderStatus[] Open = [LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled];
    private static readonly LedgerOrderStatus[] ToReconcile = [.. Ambiguous, .. Open];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IOrderLedger Ledger => recorder.Ledger;

    public async Task<IReadOnlyList<RiskVerdict>> PreviewAsync(IReadOnlyList<PlannedOrder> orders, MarketAnalysis? analysis, CancellationToken ct = default)
    {
        var ctx = await contexts.BuildAsync(orders.Select(o => o.Ticker), analysis, ct);
        return risk.CheckPlan(orders, ctx);
    }

    public async Task<GatewayResult> SubmitAsync(PlannedOrder order, string? runId, MarketAnalysis? analysis, CancellationToken ct = default,
        long? maxQuantity = null, bool approvedByAdmin = false)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if ((await Ledger.ListByStatusAsync(Ambiguous, ct)).Count > 0)
            {
                var rec = await ReconcileCoreAsync(ct);
                if (rec.Unresolved > 0)
                    return new GatewayResult(null, RiskVerdict.Reject(RiskRejectCode.ReconciliationPending,
                        $"{rec.Unresolved} earlier order(s) have an unknown outcome: nothing is sent until reconciliation resolves them"), null);
            }

            // The price the market takes now (a buy at the ask, a sell at the bid), not the plan's from minutes ago; the risk
            // check below judges the order at that price (cash, value, limits). Beyond the bound nothing is sent.
            var priced = Pricer is null ? null : await Pricer.PriceAsync(order, ct);
            var ctx = await contexts.BuildAsync([order.Ticker], analysis, ct);
            if (priced is { Sendable: false })
            {
                // A refusal of the order itself (halted, no cash…) says more than the price: it comes first.
                var asPlanned = risk.Check(order, ctx);
                return new GatewayResult(null, asPlanned.Approved ? priced.Refusal() : asPlanned, null) { Pricing = priced };
            }
            var planned = order;
            order = priced?.Order ?? order;

            var verdict = risk.Check(order, ctx);
            if (!verdict.Approved) return new GatewayResult(null, verdict, null) { Pricing = priced };
            // A rule may have started to match since the order was previewed (the hour turned, a rule was adopted).
            if (verdict.RequiresApproval && !approvedByAdmin)
                return new GatewayResult(null, RiskVerdict.Reject(RiskRejectCode.StrategyRule,
                    $"now needs an admin's approval, so it was not sent: {verdict.Reason}"), null) { Pricing = priced };
            if (maxQuantity is { } max && max < verdict.ApprovedQuantity)
                verdict = verdict with { ApprovedQuantity = max };
            if (priced is not null && planned.Price != order.Price) verdict = verdict with { Reason = $"{verdict.Reason}; {priced.Reason}" };

            // The intent is on disk before the broker hears of it: a crash from here on is found and reconciled.
            var now = time.GetUtcNow();
            var intent = LedgerOrder.NewIntent(Guid.NewGuid().ToString("N"), now, order.Ticker, order.Side, verdict.ApprovedQuantity, order.PriceType,
                RiskEngine.HasLimitPrice(order.PriceType) ? order.Price : null, runId, order.Justification, order.Context);
            await recorder.AddAsync(intent, ct);

            recorder.Sending(intent);
            var submission = await router.PlaceAsync(order.ToRequest(verdict.ApprovedQuantity), ct);
            FillPathTrace.Mark(FillPathTrace.RestAnswered, submission.OrderId?.OrderNo);
            var error = submission.Code is null ? submission.Message : $"{submission.Code}: {submission.Message}";
            // A fill notice may already have arrived for an accepted order; keep what the recorder wrote.
            var latest = await Ledger.GetAsync(intent.OrderId, ct) ?? intent;
            if (latest.Status == LedgerOrderStatus.Intent)
                latest = submission.Status switch
                {
                    SubmissionStatus.Accepted => await recorder.UpdateAsync(latest, WhileIntent(o => o.Acknowledged(submission.OrderId?.OrgNo, submission.OrderId?.OrderNo)), OrderEventKind.Acknowledged, ct),
                    SubmissionStatus.Rejected => await recorder.UpdateAsync(latest, WhileIntent(o => o.Rejected(error ?? "rejected by the broker")), OrderEventKind.Rejection, ct),
                    _ => await recorder.UpdateAsync(latest, WhileIntent(o => o.Unknown(error ?? "outcome unknown")), OrderEventKind.Unknown, ct),
                };
            FillPathTrace.Mark(FillPathTrace.Acknowledged, latest.BrokerOrderNo);
            await recorder.AdoptEarlyNoticesAsync(latest, ct);
            return new GatewayResult(intent.OrderId, verdict, submission) { Pricing = priced };
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<int> CancelOpenOrdersAsync(string reason, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var cancelled = await CancelOpenCoreAsync(reason, ct);
            // Orders whose outcome is unknown may be open at the broker: resolve them, then cancel what turned out open.
            if ((await Ledger.ListByStatusAsync(Ambiguous, ct)).Count > 0)
            {
                await ReconcileCoreAsync(ct);
                cancelled += await CancelOpenCoreAsync(reason, ct);
            }
            return cancelled;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels one open order of ours (used for stale unfilled limit orders). Returns whether the broker accepted it.</summary>
    public async Task<bool> CancelAsync(string orderId, string reason, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var order = await Ledger.GetAsync(orderId, ct);
            return order is { IsOpen: true } && await CancelOneAsync(order, reason, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Matches every ambiguous or open ledger order to the broker's order list for the days involved and fixes
    /// statuses and fills. Call at start-up; the gateway also calls it before sending while anything is ambiguous.</summary>
    public async Task<ReconciliationResult> ReconcileAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await ReconcileCoreAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reconciles when some order's outcome is unknown, else does nothing (one ledger query) and returns null.
    /// For the maintenance loop: an order whose answer was lost must be settled even when nothing is sent after it,
    /// or its fills stay unrecorded and the gateway refuses every later order until a restart.</summary>
    public async Task<ReconciliationResult?> ReconcileAmbiguousAsync(CancellationToken ct = default)
    {
        if ((await Ledger.ListByStatusAsync(Ambiguous, ct)).Count == 0) return null;
        return await ReconcileAsync(ct);
    }

    private async Task<int> CancelOpenCoreAsync(string reason, CancellationToken ct)
    {
        var count = 0;
        foreach (var order in await Ledger.ListByStatusAsync(Open, ct))
            if (await CancelOneAsync(order, reason, ct)) count++;
        return count;
    }

    private async Task<bool> CancelOneAsync(LedgerOrder order, string reason, CancellationToken ct)
    {
        if (order.BrokerOrderNo is null || order.BrokerOrgNo is null) return false;
        var request = new ModifyRequest(new BrokerOrderId(order.BrokerOrgNo, order.BrokerOrderNo), order.Ticker, order.Type, null, order.LimitPrice);
        var result = await router.CancelAsync(request, ct);
        var latest = await Ledger.GetAsync(order.OrderId, ct) ?? order;
        if (result.Status == SubmissionStatus.Accepted)
        {
            // A fill may complete the order meanwhile, even between this read and the write: a filled order stays filled.
            await recorder.UpdateAsync(latest, o => o.Cancelled($"cancelled: {reason}"), OrderEventKind.Cancel, ct);
            return true;
        }
        await recorder.UpdateAsync(latest, o => o.Noted($"cancel failed ({result.Status}): {result.Code} {result.Message}".TrimEnd()), null, ct);
        return false;
    }

    private async Task<ReconciliationResult> ReconcileCoreAsync(CancellationToken ct)
    {
        var candidates = await Ledger.ListByStatusAsync(ToReconcile, ct);
        if (candidates.Count == 0) return new ReconciliationResult(0, 0, 0);

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        var from = DateOnly.FromDateTime(candidates.Min(c => c.CreatedAt).ToKst().DateTime);
        if (from > today) from = today;
        var brokerOrders = (await account.GetOrdersAsync(from, today, ct)).Where(b => b.Modification() == ModificationKind.Original).ToList();

        // Broker numbers already claimed by some ledger order cannot belong to an intent without one.
        var fromInstant = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
        var claimed = (await Ledger.ListAsync(fromInstant, now.AddMinutes(1), ct))
            .Where(o => o.BrokerOrderNo is not null).Select(o => BrokerOrderNumbers.Normalize(o.BrokerOrderNo!)).ToHashSet();

        int changed = 0, unresolved = 0;
        foreach (var order in candidates)
        {
            var match = order.BrokerOrderNo is { } no
                ? brokerOrders.FirstOrDefault(b => BrokerOrderNumbers.Same(b.OrderNo, no))
                : brokerOrders.Where(b => !claimed.Contains(BrokerOrderNumbers.Normalize(b.OrderNo)) && b.Ticker == order.Ticker && b.Side == order.Side
                                          && b.Quantity == order.Quantity && Math.Abs((BrokerTime(b) - order.CreatedAt).TotalMinutes) <= MatchWindow.TotalMinutes)
                    .OrderBy(b => Math.Abs((BrokerTime(b) - order.CreatedAt).Ticks)).FirstOrDefault();

            if (match is not null)
            {
                claimed.Add(BrokerOrderNumbers.Normalize(match.OrderNo));
                var after = await recorder.ApplyBrokerOrderAsync(order, match, ct);
                if (after != order) changed++;
            }
            else if (order.Status is LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown && now - order.UpdatedAt >= AbsenceGrace)
            {
                // The broker's own list does not have it: it was never placed.
                var why = order.Status == LedgerOrderStatus.Intent ? "never sent" : "not placed: absent from the broker's order list";
                await recorder.UpdateAsync(order, o => o.NeverPlaced(why), OrderEventKind.Reconciled, ct);
                changed++;
            }
        }
        unresolved = (await Ledger.ListByStatusAsync(Ambiguous, ct)).Count;
        return new ReconciliationResult(candidates.Count, changed, unresolved);
    }

    /// <summary>The broker's answer to our send applies to the intent only: an order a notice has moved on meanwhile (also
    /// between our read and our write) keeps what the recorder wrote.</summary>
    private static Func<LedgerOrder, LedgerOrder> WhileIntent(Func<LedgerOrder, LedgerOrder> answer) =>
        o => o.Status == LedgerOrderStatus.Intent ? answer(o) : o;

    private static DateTimeOffset BrokerTime(BrokerOrder b) => new(b.OrderDate.ToDateTime(b.OrderTime), KoreaTime.Offset);
}

internal static class BrokerOrderKinds
{
    /// <summary>Amend and cancel orders appear in the daily list with the original's number in OriginalOrderNo.</summary>
    public static ModificationKind Modification(this BrokerOrder b) =>
        string.IsNullOrWhiteSpace(b.OriginalOrderNo) || BrokerOrderNumbers.Normalize(b.OriginalOrderNo) == "0" ? ModificationKind.Original : ModificationKind.Amend;
}
