using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

/// <summary>The order ledger for pages that only read it.</summary>
public sealed class FakeLedger : IOrderLedger
{
    public List<LedgerOrder> Orders { get; } = [];
    public List<LedgerFill> Fills { get; } = [];

    public Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) => Task.FromResult(Orders.FirstOrDefault(o => o.OrderId == orderId));
    public Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Where(o => o.CreatedAt >= from && o.CreatedAt < to)]);
    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerFill>>([.. Fills.Where(f => f.OrderId == orderId)]);

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default) => throw new NotSupportedException();
    public Task UpdateAsync(LedgerOrder order, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LedgerOrder>>([.. Orders.Where(o => statuses.Contains(o.Status)).OrderBy(o => o.CreatedAt)]);
    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default) => throw new NotSupportedException();
}
