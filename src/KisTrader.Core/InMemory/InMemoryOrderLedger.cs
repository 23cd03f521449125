using System.Collections.Concurrent;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>The ledger in memory: a backtest's scratch ledger, and the tests'. It keeps the same contract as the EF stores
/// (OrderLedgerContract runs against it): fills go through <see cref="LedgerOrder.ApplyFill"/> like there, and one
/// lock stands in for the database transaction.</summary>
public sealed class InMemoryOrderLedger(TimeProvider? time = null) : IOrderLedger
{
    private readonly ConcurrentDictionary<string, LedgerOrder> _orders = new();
    private readonly List<LedgerFill> _fills = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    /// <summary>Every order by its id, as it stands now.</summary>
    public IReadOnlyDictionary<string, LedgerOrder> Orders => _orders;

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        if (!_orders.TryAdd(order.OrderId, order)) throw new InvalidOperationException($"Order '{order.OrderId}' is already in the ledger.");
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var stored = _orders.GetValueOrDefault(order.OrderId) ?? throw new InvalidOperationException($"Order '{order.OrderId}' is not in the ledger.");
            // Like the EF store: a compare-and-set on the status the change was computed from.
            if (stored.Status != expected) return Task.FromResult(false);
                        // Like the EF store: a status change; the filled quantity and average price change only with a fill.
            _orders[order.OrderId] = stored with
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

    public Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) => Task.FromResult(_orders.GetValueOrDefault(orderId));

    public Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) =>
        Task.FromResult(_orders.Values.FirstOrDefault(o => BrokerOrderNumbers.Same(o.BrokerOrderNo, brokerOrderNo)
                                                        && DateOnly.FromDateTime(o.CreatedAt.ToKst().DateTime) == orderDate));

    public Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. _orders.Values.Where(o => statuses.Contains(o.Status)).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. _orders.Values.Where(o => o.CreatedAt >= from && o.CreatedAt < to).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)]);

    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_fills.Any(f => f.ExecutionKey == fill.ExecutionKey)) return Task.FromResult(false);
            var order = _orders.GetValueOrDefault(fill.OrderId) ?? throw new InvalidOperationException($"Order '{fill.OrderId}' is not in the ledger.");
            var next = order.ApplyFill(fill, _time.GetUtcNow());
            _fills.Add(fill);
            _orders[order.OrderId] = next;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerFill>>([.. _fills.Where(f => f.OrderId == orderId)]);
    }
}
