using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Execution.Support;

/// <summary>A ledger that passes every call to another one: a test ledger derives from it and overrides only the calls
/// it holds, records or changes.</summary>
public abstract class DelegatingOrderLedger(IOrderLedger inner) : IOrderLedger
{
    protected IOrderLedger Inner { get; } = inner;

    public virtual Task AddAsync(LedgerOrder order, CancellationToken ct = default) => Inner.AddAsync(order, ct);
    public virtual Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default) => Inner.UpdateAsync(order, expected, ct);
    public virtual Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) => Inner.GetAsync(orderId, ct);
    public virtual Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) =>
        Inner.FindByBrokerOrderNoAsync(brokerOrderNo, orderDate, ct);
    public virtual Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Inner.ListByStatusAsync(statuses, ct);
    public virtual Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => Inner.ListAsync(from, to, ct);
    public virtual Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Inner.CountAsync(from, to, statuses, ct);
    public virtual Task<IReadOnlyList<LedgerOrder>> ListChangedSinceAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken ct = default) =>
        Inner.ListChangedSinceAsync(from, to, since, ct);
    public virtual Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default) => Inner.AddFillAsync(fill, ct);
    public virtual Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default) => Inner.FillsAsync(orderId, ct);
}
