using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Execution;

/// <summary>The outcome of one submission: the risk verdict always; the ledger order id and the broker's answer when
/// the order passed risk and was sent (Submission.Status Unknown means: reconcile before sending anything again).</summary>
public sealed record GatewayResult(string? OrderId, RiskVerdict Verdict, OrderSubmission? Submission)
{
    public bool Sent => Submission is { Status: SubmissionStatus.Accepted };

    /// <summary>How the order was priced at send time (null when the gateway has no pricer or stopped before pricing).</summary>
    public MarketablePrice? Pricing { get; init; }
}

/// <summary>The only path from a planned order to the broker (implemented by <c>OrderGateway</c>): risk check on
/// fresh data, the intent written to the ledger, then the send. Nothing else may call the order router.</summary>
public interface IOrderGateway
{
    /// <summary>Judges orders together (cash and order counts accumulate over the list) without sending anything.</summary>
    Task<IReadOnlyList<RiskVerdict>> PreviewAsync(IReadOnlyList<PlannedOrder> orders, MarketAnalysis? analysis, CancellationToken ct = default);

    /// <summary>Re-checks the order on fresh prices and the current trading mode, records the intent, sends it.
    /// <paramref name="order"/> is the order as planned, so the risk engine's reductions (strategy rules) apply once to
    /// the planned quantity, never again to an already reduced one; <paramref name="maxQuantity"/> caps what is sent at
    /// what an earlier check (or an admin) approved. An order that a strategy rule says needs an admin is sent only with
    /// <paramref name="approvedByAdmin"/>.</summary>
    Task<GatewayResult> SubmitAsync(PlannedOrder order, string? runId, MarketAnalysis? analysis, CancellationToken ct = default,
        long? maxQuantity = null, bool approvedByAdmin = false);

    /// <summary>Cancels every open (unfilled or partly filled) order of ours at the broker; returns how many were cancelled.</summary>
    Task<int> CancelOpenOrdersAsync(string reason, CancellationToken ct = default);
}
