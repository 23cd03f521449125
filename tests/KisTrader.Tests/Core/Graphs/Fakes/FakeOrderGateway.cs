using KisTrader.Core.InMemory;
using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Testing.Ledger;

namespace KisTrader.Tests.Core.Graphs.Fakes;

/// <summary>A gateway that writes the intent to the ledger, then "sends": accepted, and filled at once unless told not to.</summary>
internal sealed class FakeOrderGateway(InMemoryOrderLedger ledger, TimeProvider time) : IOrderGateway
{
    public Func<PlannedOrder, RiskVerdict> Preview { get; set; } = o => RiskVerdict.Approve(o.Quantity);
    public Func<PlannedOrder, RiskVerdict> AtSubmit { get; set; } = o => RiskVerdict.Approve(o.Quantity);
    public bool FillImmediately { get; set; } = true;
    /// <summary>Awaited after the intent is in the ledger and before the broker's answer: a send that takes its time.</summary>
    public Func<Task>? WhileSending { get; set; }
    /// <summary>Awaited before the intent is written: a stop here leaves nothing in the ledger.</summary>
    public Func<Task>? BeforeIntent { get; set; }
    public decimal FillPrice { get; set; } = 70_000m;
    public List<(PlannedOrder Order, string? RunId)> Submitted { get; } = [];
    /// <summary>Every call: the analysis it was given (null: the gateway reads fresh quotes) and whether an admin approved it.</summary>
    public List<(PlannedOrder Order, MarketAnalysis? Analysis, bool ApprovedByAdmin)> SubmitCalls { get; } = [];
    public List<MarketAnalysis?> PreviewAnalyses { get; } = [];
    public int PreviewCalls;

    public Task<IReadOnlyList<RiskVerdict>> PreviewAsync(IReadOnlyList<PlannedOrder> orders, MarketAnalysis? analysis, CancellationToken ct = default)
    {
        PreviewCalls++;
        lock (PreviewAnalyses) PreviewAnalyses.Add(analysis);
        return Task.FromResult<IReadOnlyList<RiskVerdict>>([.. orders.Select(Preview)]);
    }

    public async Task<GatewayResult> SubmitAsync(PlannedOrder order, string? runId, MarketAnalysis? analysis, CancellationToken ct = default,
        long? maxQuantity = null, bool approvedByAdmin = false)
    {
        if (maxQuantity is { } max && max < order.Quantity) order = order with { Quantity = max };
        lock (SubmitCalls) SubmitCalls.Add((order, analysis, approvedByAdmin));
        var verdict = AtSubmit(order);
        if (!verdict.Approved) return new GatewayResult(null, verdict, null);
        if (BeforeIntent is { } before) await before();
        lock (Submitted) Submitted.Add((order, runId));
        var now = time.GetUtcNow();
        var id = "o" + Guid.NewGuid().ToString("N")[..12];
        await ledger.AddAsync(new LedgerOrder(id, now, now, order.Ticker, order.Side, order.Quantity, order.PriceType, order.Price,
            LedgerOrderStatus.Sent, "00950", id[1..9], 0, null, runId, null, order.Justification, null, order.Context), ct);
        if (WhileSending is { } sending) await sending();
        if (FillImmediately)
            await ledger.AddFillAsync(new LedgerFill(id, id + "-1", order.Quantity, FillPrice, now, "test"), ct);
        return new GatewayResult(id, verdict, new OrderSubmission(SubmissionStatus.Accepted, new BrokerOrderId("00950", id[1..9]), null, "0", "accepted"));
    }

    public Task<int> CancelOpenOrdersAsync(string reason, CancellationToken ct = default) => Task.FromResult(0);
}
