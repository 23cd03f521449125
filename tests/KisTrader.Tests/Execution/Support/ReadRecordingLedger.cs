using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Execution.Support;

/// <summary>A ledger that records the orders its readers were handed (by any list or get), to prove what a reader does
/// not read.</summary>
public sealed class ReadRecordingLedger(IOrderLedger inner) : DelegatingOrderLedger(inner)
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

    public override async Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default) =>
        await Inner.GetAsync(orderId, ct) is { } o ? Seen([o])[0] : null;
    public override async Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default) =>
        await Inner.FindByBrokerOrderNoAsync(brokerOrderNo, orderDate, ct) is { } o ? Seen([o])[0] : null;
    public override async Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default) =>
        Seen(await Inner.ListByStatusAsync(statuses, ct));
    public override async Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        DayListings++;
        return Seen(await Inner.ListAsync(from, to, ct));
    }
    public override async Task<IReadOnlyList<LedgerOrder>> ListChangedSinceAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken ct = default) =>
        Seen(await Inner.ListChangedSinceAsync(from, to, since, ct));
}
