using KisTrader.Core.Trades;

namespace KisTrader.Core.Ports;

/// <summary>The trade record: every executed trade with its justification, snapshot and outcome.</summary>
public interface ITradeStore
{
    /// <summary>Validates and stores <paramref name="trade"/>. Storing the same trade id again with the same content is a no-op.</summary>
    /// <exception cref="TradeValidationException">The record is invalid; nothing was written.</exception>
    /// <exception cref="Errors.TradingSystemException">A different trade already has this id.</exception>
    Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default);

    /// <summary>The trade as the projection of a ledger order: inserts it, or, when a trade with this id is recorded, brings
    /// its execution (timestamp of the last fill, quantity, average price) up to date as more fills arrive. The decision's
    /// fields (justification, snapshots) and the P&amp;L of a recorded trade are kept.</summary>
    /// <exception cref="TradeValidationException">The record is invalid; nothing was written.</exception>
    /// <exception cref="Errors.TradingSystemException">The recorded trade with this id is of another ticker or side.</exception>
    Task<TradeInsertResult> RecordExecutionAsync(TradeRecord trade, CancellationToken ct = default);

    /// <summary>Stores many trades at once (an import, a backtest's record), each as <see cref="InsertAsync"/> would: every
    /// record is validated and compared with the one recorded under its id before anything is written; trades recorded
    /// already with the same content are skipped. Returns how many were inserted. The database stores write one
    /// transaction per call; this default inserts one by one.</summary>
    /// <exception cref="TradeValidationException">A record is invalid; nothing was written.</exception>
    /// <exception cref="Errors.TradingSystemException">A different trade already has one of the ids, or two records in the
    /// batch share an id with different content; nothing was written.</exception>
    async Task<int> InsertManyAsync(IReadOnlyList<TradeRecord> trades, CancellationToken ct = default)
    {
        foreach (var t in trades) TradeRecordValidator.Validate(t);
        var inserted = 0;
        foreach (var t in trades)
            if (await InsertAsync(t, ct) == TradeInsertResult.Inserted) inserted++;
        return inserted;
    }

    Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default);

    /// <summary>Trades with <c>from &lt;= timestamp &lt; to</c>, oldest first.</summary>
    Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default);

    /// <summary>The <paramref name="count"/> trades with the lowest known P&amp;L at <paramref name="horizon"/>, worst first.</summary>
    Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default);

    /// <summary>Sets the 7- or 30-day P&amp;L. Returns false when no trade has that id.</summary>
    Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default);

    Task<int> CountAsync(CancellationToken ct = default);

    /// <summary>One page of the matching trades, sorted and filtered by the database, with totals over all of them.</summary>
    Task<TradePage> QueryAsync(TradeQuery query, CancellationToken ct = default);
}

public enum PnlHorizon
{
    SevenDays = 7,
    ThirtyDays = 30,
}

public enum TradeInsertResult
{
    Inserted,
    AlreadyRecorded,
    /// <summary>The recorded trade's execution was brought up to date (<see cref="ITradeStore.RecordExecutionAsync"/>).</summary>
    Updated,
}

public sealed record TradeFilter(string? Ticker = null, TradeAction? Action = null);
