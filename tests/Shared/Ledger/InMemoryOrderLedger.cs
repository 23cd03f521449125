using System.Collections.Concurrent;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Testing.Ledger;

/// <summary>The ledger in memory, for graph, gateway and page tests alike. It keeps the same contract as the EF stores
/// (<see cref="OrderLedgerContract"/>, run against it in both test projects): fills go through
/// <see cref="LedgerOrder.ApplyFill"/> like there, and one lock stands in for the database transaction.</summary>
public sealed class InMemoryOrderLedger(TimeProvider? time = null) : IOrderLedger
{
    public readonly ConcurrentDictionary<string, LedgerOrder> Orders = new();
    private readonly List<LedgerFill> _fills = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    public int Updates;

    /// <summary>Puts orders in the ledger as they are (a page test's starting point), bypassing the intent rule.</summary>
    public void Seed(params LedgerOrder[] orders)
    {
        foreach (var o in orders)
            if (!Orders.TryAdd(o.OrderId, o)) throw new InvalidOperationException($"Order '{o.OrderId}' is already in the ledger.");
    }

    /// <summary>Puts a fill in the ledger as it is, without changing its order (seed the order with its filled state).</summary>
    public void SeedFill(LedgerFill fill)
    {
        lock (_gate)
            _fills.Add(fill);
    }

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        if (!Orders.TryAdd(order.OrderId, order)) throw new InvalidOperationException($"Order '{order.OrderId}' is already in the ledger.");
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var stored = Orders.GetValueOrDefault(order.OrderId) ?? throw new InvalidOperationException($"Order '{order.OrderId}' is not in the ledger.");
            // Like the EF store: a compare-and-set on the status the change was computed from.
            if (stored.Status != expected) return Task.FromResult(false);
            Interlocked.Increment(ref Updates);
            // Like the EF store: a status change; the filled quantity and average price change only with a fill.
            Orders[order.OrderId] = stored with
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

    public Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) => Task.FromResult(Orders.GetValueOrDefault(orderId));

    public Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) =>
        Task.FromResult(Orders.Values.FirstOrDefault(o => BrokerOrderNumbers.Same(o.BrokerOrderNo, brokerOrderNo)
                                                        && DateOnly.FromDateTime(o.CreatedAt.ToKst().DateTime) == orderDate));

    public Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Values.Where(o => statuses.Contains(o.Status)).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Values.Where(o => o.CreatedAt >= from && o.CreatedAt < to).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)]);

    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_fills.Any(f => f.ExecutionKey == fill.ExecutionKey)) return Task.FromResult(false);
            var order = Orders.GetValueOrDefault(fill.OrderId) ?? throw new InvalidOperationException($"Order '{fill.OrderId}' is not in the ledger.");
            var next = order.ApplyFill(fill, _time.GetUtcNow());
            _fills.Add(fill);
            Orders[order.OrderId] = next;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerFill>>([.. _fills.Where(f => f.OrderId == orderId)]);
    }
}
