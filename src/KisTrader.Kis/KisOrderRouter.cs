using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis;

/// <summary>Orders over KIS REST: each call sends at most once (see <see cref="KisRestApi.OrderCashAsync"/>);
/// an ambiguous outcome is <see cref="SubmissionStatus.Unknown"/> and must be reconciled before resending.</summary>
public sealed class KisOrderRouter(KisRestApi api) : IOrderRouter
{
    public Task<OrderSubmission> PlaceAsync(OrderRequest order, CancellationToken ct = default) => api.OrderCashAsync(order, ct);

    public Task<OrderSubmission> AmendAsync(ModifyRequest request, CancellationToken ct = default) => api.OrderRvseCnclAsync(request, cancel: false, ct);

    public Task<OrderSubmission> CancelAsync(ModifyRequest request, CancellationToken ct = default) => api.OrderRvseCnclAsync(request, cancel: true, ct);
}
