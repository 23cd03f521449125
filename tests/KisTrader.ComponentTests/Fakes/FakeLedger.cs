using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

/// <summary>The order ledger for pages. Tests seed <see cref="Orders"/> and <see cref="Fills"/> directly; it keeps the same
/// contract as the EF stores (<see cref="FakeLedgerContractTests"/>), fills going through <see cref="LedgerOrder.ApplyFill"/>.</summary>
public sealed class FakeLedger(TimeProvider? time = null) : IOrderLedger
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public List<LedgerOrder> Orders { get; } = [];
    public List<LedgerFill> Fills { get; } = [];

    public Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(Orders.FirstOrDefault(o => o.OrderId == orderId));
    }

    public Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Where(o => o.CreatedAt >= from && o.CreatedAt < to);

    public Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Where(o => statuses.Contains(o.Status));

    public Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(Orders.FirstOrDefault(o => BrokerOrderNumbers.Same(o.BrokerOrderNo, brokerOrderNo)
                                                              && DateOnly.FromDateTime(o.CreatedAt.ToKst().DateTime) == orderDate));
    }

    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerFill>>([.. Fills.Where(f => f.OrderId == orderId)]);
    }

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (Orders.Any(o => o.OrderId == order.OrderId)) throw new InvalidOperationException($"Order '{order.OrderId}' is already in the ledger.");
            Orders.Add(order);
        }
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var i = IndexOf(order.OrderId);
            // Like the EF store: a compare-and-set on the status the change was computed from.
            if (Orders[i].Status != expected) return Task.FromResult(false);
            // Like the EF store: a status change; the filled quantity and average price change only with a fill.
            Orders[i] = Orders[i] with
            {
                Status = order.Status,
                BrokerOrgNo = order.BrokerOrgNo,
                BrokerOrderNo = order.BrokerOrderNo,
                TradeId = order.TradeId,
                LastError = order.LastError,
                UpdatedAt = order.UpdatedAt,
            };
        }
        return Task.FromResult(true);
    }

    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (Fills.Any(f => f.ExecutionKey == fill.ExecutionKey)) return Task.FromResult(false);
            var i = IndexOf(fill.OrderId);
            var next = Orders[i].ApplyFill(fill, _time.GetUtcNow());
            Fills.Add(fill);
            Orders[i] = next;
            return Task.FromResult(true);
        }
    }

    private int IndexOf(string orderId)
    {
        var i = Orders.FindIndex(o => o.OrderId == orderId);
        return i >= 0 ? i : throw new InvalidOperationException($"Order '{orderId}' is not in the ledger.");
    }

    private Task<IReadOnlyList<LedgerOrder>> Where(Func<LedgerOrder, bool> match)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Where(match).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)]);
    }
}
