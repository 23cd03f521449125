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
    // Indexes a backtest needs (thousands of orders, read every session): ids by status, fill keys, fills by order.
    private readonly Dictionary<LedgerOrderStatus, HashSet<string>> _idsByStatus = [];
    private readonly HashSet<string> _executionKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LedgerFill>> _fillsByOrder = new(StringComparer.Ordinal);
    // Ids in the lists' order (creation time, then id): a day's orders by binary search. Creation times never change.
    private readonly List<(DateTimeOffset CreatedAt, string OrderId)> _byCreation = [];
    private static readonly Comparer<(DateTimeOffset CreatedAt, string OrderId)> CreationOrder =
        Comparer<(DateTimeOffset CreatedAt, string OrderId)>.Create((a, b) =>
        {
            var c = a.CreatedAt.CompareTo(b.CreatedAt);
            return c != 0 ? c : StringComparer.Ordinal.Compare(a.OrderId, b.OrderId);
        });
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    /// <summary>Every order by its id, as it stands now.</summary>
    public IReadOnlyDictionary<string, LedgerOrder> Orders => _orders;

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_orders.TryAdd(order.OrderId, order)) throw new InvalidOperationException($"Order '{order.OrderId}' is already in the ledger.");
            Index(order.OrderId, null, order.Status);
            var key = (order.CreatedAt, order.OrderId);
            var at = _byCreation.BinarySearch(key, CreationOrder);
            _byCreation.Insert(at < 0 ? ~at : at, key);
        }
        return Task.CompletedTask;
    }

    /// <summary>Moves an order's id between the status index's sets (under the gate).</summary>
    private void Index(string orderId, LedgerOrderStatus? from, LedgerOrderStatus to)
    {
        if (from == to) return;
        if (from is { } f) _idsByStatus[f].Remove(orderId);
        if (!_idsByStatus.TryGetValue(to, out var ids)) _idsByStatus[to] = ids = new HashSet<string>(StringComparer.Ordinal);
        ids.Add(orderId);
    }

    public Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var stored = _orders.GetValueOrDefault(order.OrderId) ?? throw new InvalidOperationException($"Order '{order.OrderId}' is not in the ledger.");
            // Like the EF store: a compare-and-set on the status the change was computed from.
            if (stored.Status != expected) return Task.FromResult(false);
                        // Like the EF store: a status change; the filled quantity and average price change only with a fill.
            Index(order.OrderId, stored.Status, order.Status);
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

    public Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var found = new List<LedgerOrder>();
            foreach (var status in statuses.Distinct())
                if (_idsByStatus.TryGetValue(status, out var ids))
                    foreach (var id in ids) found.Add(_orders[id]);
            return Task.FromResult<IReadOnlyList<LedgerOrder>>([.. found.OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Created(from, to)]);
    }

    public Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(Created(from, to).Count(o => statuses.Contains(o.Status)));
    }

    public Task<IReadOnlyList<LedgerOrder>> ListChangedSinceAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerOrder>>(
                [.. Created(from, to).Where(o => o.CreatedAt >= since || o.UpdatedAt >= since).Select(o => o with { Context = null })]);
    }

    /// <summary>The orders created in [from, to), oldest first (under the gate).</summary>
    private IEnumerable<LedgerOrder> Created(DateTimeOffset from, DateTimeOffset to)
    {
        // The first key at or after `from`: the empty id sorts before every other, so (from, "") precedes the orders created at `from`.
        var at = _byCreation.BinarySearch((from, ""), CreationOrder);
        for (var i = at < 0 ? ~at : at; i < _byCreation.Count && _byCreation[i].CreatedAt < to; i++)
            yield return _orders[_byCreation[i].OrderId];
    }

    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_executionKeys.Contains(fill.ExecutionKey)) return Task.FromResult(false);
            var order = _orders.GetValueOrDefault(fill.OrderId) ?? throw new InvalidOperationException($"Order '{fill.OrderId}' is not in the ledger.");
            var next = order.ApplyFill(fill, _time.GetUtcNow());
            _executionKeys.Add(fill.ExecutionKey);
            if (!_fillsByOrder.TryGetValue(fill.OrderId, out var mine)) _fillsByOrder[fill.OrderId] = mine = [];
            mine.Add(fill);
            Index(order.OrderId, order.Status, next.Status);
            _orders[order.OrderId] = next;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<LedgerFill>>(_fillsByOrder.TryGetValue(orderId, out var mine) ? [.. mine] : []);
    }
}
