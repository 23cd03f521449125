using KisTrader.Core.Execution;

namespace KisTrader.Core.Ports;

/// <summary>Our record of every order (tables <c>orders</c> and <c>fills</c>). Written before an order is sent.</summary>
public interface IOrderLedger
{
    /// <summary>Records a new order in status Intent. Refuses (throws) an existing OrderId.</summary>
    Task AddAsync(LedgerOrder order, CancellationToken ct = default);

    /// <summary>Records a status change decided by <see cref="LedgerOrder"/>'s transitions: replaces the status, broker
    /// numbers, trade id, last error and update time. Never the filled quantity or average price: those change only with a
    /// fill (<see cref="AddFillAsync"/>), so a change computed from an order read before a fill never undoes that fill.
    /// <para>A compare-and-set: it writes only while the stored status is still <paramref name="expected"/> (the status the
    /// change was computed from) and returns false, changing nothing, when another writer (a fill, a cancel confirmation)
    /// moved the order on meanwhile. The caller re-reads and applies its transition again (<see cref="LedgerRecorder.UpdateAsync"/>).
    /// Throws when the order is not in the ledger.</para></summary>
    Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default);

    Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default);

    Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default);

    /// <summary>Orders in any of the given statuses, oldest first.</summary>
    Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default);

    /// <summary>Orders created in [from, to), oldest first.</summary>
    Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>How many orders created in [from, to) are in any of the given statuses (a count, no rows read): the
    /// risk check's orders sent today.</summary>
    Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default);

    /// <summary>Orders created in [from, to) that were created or last updated at or after <paramref name="since"/>, oldest
    /// first, without their decision context (<see cref="LedgerOrder.Context"/> is null): what a balance read at
    /// <paramref name="since"/> cannot show, for the risk check, which must not read the whole day's orders for every order.</summary>
    Task<IReadOnlyList<LedgerOrder>> ListChangedSinceAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>Adds a fill and updates the order's filled quantity, average price and status in one transaction.
    /// Returns false (and changes nothing) when the execution key is already recorded.</summary>
    Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default);

    Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default);
}
