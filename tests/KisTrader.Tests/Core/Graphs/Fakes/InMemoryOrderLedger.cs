using System.Collections.Concurrent;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Core.Graphs.Fakes;

internal sealed class InMemoryOrderLedger : IOrderLedger
{
    public readonly ConcurrentDictionary<string, LedgerOrder> Orders = new();
    private readonly ConcurrentDictionary<string, LedgerFill> _fills = new();
    public int Updates;

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        if (!Orders.TryAdd(order.OrderId, order)) throw new InvalidOperationException("duplicate order");
        return Task.CompletedTask;
    }

    public Task UpdateAsync(LedgerOrder order, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Updates);
        Orders[order.OrderId] = order;
        return Task.CompletedTask;
    }

    public Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) => Task.FromResult(Orders.GetValueOrDefault(orderId));

    public Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) =>
        Task.FromResult(Orders.Values.FirstOrDefault(o => o.BrokerOrderNo == brokerOrderNo));

    public Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Values.Where(o => statuses.Contains(o.Status)).OrderBy(o => o.CreatedAt)]);

    public Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Values.Where(o => o.CreatedAt >= from && o.CreatedAt < to).OrderBy(o => o.CreatedAt)]);

    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default)
    {
        if (!_fills.TryAdd(fill.ExecutionKey, fill)) return Task.FromResult(false);
        var o = Orders[fill.OrderId];
        var fills = _fills.Values.Where(f => f.OrderId == o.OrderId).ToList();
        var qty = fills.Sum(f => f.Quantity);
        var avg = fills.Sum(f => f.Price * f.Quantity) / qty;
        Orders[o.OrderId] = o with
        {
            FilledQuantity = qty,
            AverageFillPrice = avg,
            Status = qty >= o.Quantity ? LedgerOrderStatus.Filled : LedgerOrderStatus.PartiallyFilled,
            UpdatedAt = fill.FilledAt,
        };
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerFill>>([.. _fills.Values.Where(f => f.OrderId == orderId).OrderBy(f => f.FilledAt)]);
}
