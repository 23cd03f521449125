using KisTrader.Core.Orders;

namespace KisTrader.Core.Ports;

/// <summary>Sends orders to the broker. Implementations never retry a send on their own: an ambiguous outcome is
/// returned as <see cref="SubmissionStatus.Unknown"/> so the caller reconciles before anything is sent again.
/// Only OrderGateway may depend on this port (an architecture test enforces it).</summary>
public interface IOrderRouter
{
    Task<OrderSubmission> PlaceAsync(OrderRequest order, CancellationToken ct = default);

    Task<OrderSubmission> AmendAsync(ModifyRequest request, CancellationToken ct = default);

    Task<OrderSubmission> CancelAsync(ModifyRequest request, CancellationToken ct = default);
}
