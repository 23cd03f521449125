using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Execution.Support;

/// <summary>A ledger that records the orders its readers were handed (by any list or get), to prove what a reader does
/// not read.</summary>
public sealed class ReadRecordingLedger(IOrderLedger inner) : IOrderLedger
{
    private readonly List<LedgerOrder> _read = [];

    /// <summary>Every order returned so far, in the order returned (repeats included).</summary>
    public IReadOnlyList<LedgerOrder> Read { get { lock (_read) return [.. _read]; } }

    public int DayListings { get; private set; }

    private IReadOnlyList<LedgerOrder> Seen(IReadOnlyList<LedgerOrder> orders)
    {
        lock (_read) _read.AddRange(orders);
        return orders;
    }

    public Task AddAsync(LedgerOrder order, CancellationToken ct = default) => inner.AddAsync(order, ct);
    public Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default) => inner.UpdateAsync(order, expected, ct);
    public async Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) =>
        await inner.GetAsync(orderId, ct) is { } o ? Seen([o])[0] : null;
    public async Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) =>
        await inner.FindByBrokerOrderNoAsync(brokerOrderNo, orderDate, ct) is { } o ? Seen([o])[0] : null;
    public async Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Seen(await inner.ListByStatusAsync(statuses, ct));
    public async Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        DayListings++;
        return Seen(await inner.ListAsync(from, to, ct));
    }
    public Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        inner.CountAsync(from, to, statuses, ct);
    public async Task<IReadOnlyList<LedgerOrder>> ListChangedSinceAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken ct = default) =>
        Seen(await inner.ListChangedSinceAsync(from, to, since, ct));
    public Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default) => inner.AddFillAsync(fill, ct);
    public Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default) => inner.FillsAsync(orderId, ct);
}
