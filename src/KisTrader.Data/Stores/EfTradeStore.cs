using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Data.Entities;
using KisTrader.Data.Stores.Totals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using System.Data.Common;

namespace KisTrader.Data.Stores;

/// <summary>The trade record (the mission's DatabaseManager) over EF Core.</summary>
public sealed class EfTradeStore(IDbContextFactory<KisTraderDbContext> factory) : ITradeStore
{
    public async Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.Trades.AsNoTracking().FirstOrDefaultAsync(t => t.TradeId == trade.TradeId, ct);
        if (existing is not null)
            return CompareExisting(existing, trade);
        try
        {
            await WriteNewAsync(db, [trade.ToEntity()], ct);
            return TradeInsertResult.Inserted;
        }
        catch (DbException)
        {
            // A concurrent writer may have recorded the same trade between our read and our write.
            await using var check = await factory.CreateDbContextAsync(ct);
            var now = await check.Trades.AsNoTracking().FirstOrDefaultAsync(t => t.TradeId == trade.TradeId, ct);
            if (now is null) throw;
            return CompareExisting(now, trade);
        }
    }

    public async Task<TradeInsertResult> RecordExecutionAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await LockedAsync(db, trade.TradeId, ct);
            if (existing is not null)
            {
                var recorded = existing.ToRecord();
                if (recorded.Ticker != trade.Ticker || recorded.Action != trade.Action)
                    throw new TradingSystemException($"The trade recorded as '{trade.TradeId}' is a {recorded.Action} of {recorded.Ticker}, not a {trade.Action} of {trade.Ticker}.");
                if (recorded.Timestamp.UtcDateTime == trade.Timestamp.UtcDateTime && recorded.Quantity == trade.Quantity && recorded.Price == trade.Price
                    && (recorded.OrderedAt is not null || trade.OrderedAt is null))
                    return TradeInsertResult.AlreadyRecorded;
                var change = new TradeTotalsChange();
                change.Remove(existing);
                existing.Timestamp = trade.Timestamp.UtcDateTime;
                existing.OrderedAt ??= trade.OrderedAt?.UtcDateTime;
                existing.Quantity = trade.Quantity;
                existing.Price = trade.Price;
                change.Add(existing);
                await db.SaveChangesAsync(ct);
                await TradeTotalsWriter.ApplyAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), change, ct);
                await tx.CommitAsync(ct);
                return TradeInsertResult.Updated;
            }
        }
        return await InsertAsync(trade, ct);
    }

    public async Task<int> InsertManyAsync(IReadOnlyList<TradeRecord> trades, CancellationToken ct = default)
    {
        var batch = new Dictionary<string, TradeRecord>(trades.Count, StringComparer.Ordinal);
        foreach (var t in trades)
        {
            TradeRecordValidator.Validate(t);
            if (batch.TryGetValue(t.TradeId, out var twin) && !TradeMapping.SameTrade(twin, t))
                throw new TradingSystemException($"The batch holds two different trades with trade_id '{t.TradeId}'.");
            batch[t.TradeId] = t;
        }
        if (batch.Count == 0) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = batch.Keys.ToArray();
        // One read for the whole batch, then one transaction: the rows and their subtotals (docs/benchmarks.md, trade-store).
        foreach (var existing in await db.Trades.AsNoTracking().Where(t => ids.Contains(t.TradeId)).ToListAsync(ct))
        {
            CompareExisting(existing, batch[existing.TradeId]);
            batch.Remove(existing.TradeId);
        }
        await WriteNewAsync(db, [.. batch.Values.Select(t => t.ToEntity())], ct);
        // Only PostgreSQL's planner keeps statistics the store refreshes; SQLite batches skip opening a connection for it.
        if (batch.Count > 0 && db.Database.IsNpgsql())
        {
            await db.Database.OpenConnectionAsync(ct);
            await TradeStatistics.RefreshIfStaleAsync(db.Database.GetDbConnection(), ct);
        }
        return batch.Count;
    }

    /// <summary>Inserts new trade rows and adds them to the subtotal tables, in one transaction.</summary>
    private static async Task WriteNewAsync(KisTraderDbContext db, IReadOnlyList<TradeEntity> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var change = new TradeTotalsChange();
        foreach (var r in rows) change.Add(r);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = db.Database.GetDbConnection();
        await TradeRowWriter.InsertAsync(conn, tx.GetDbTransaction(), rows, ct);
        await TradeTotalsWriter.ApplyAsync(conn, tx.GetDbTransaction(), change, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The trade row, tracked, locked against other writers until the transaction ends: PostgreSQL row lock;
    /// SQLite's transactions take the write lock when they begin, so the read is already exclusive.</summary>
    private static Task<TradeEntity?> LockedAsync(KisTraderDbContext db, string tradeId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.Trades.FromSqlRaw("SELECT * FROM trades WHERE trade_id = {0} FOR UPDATE", tradeId).FirstOrDefaultAsync(ct)
            : db.Trades.FirstOrDefaultAsync(t => t.TradeId == tradeId, ct);

    private static TradeInsertResult CompareExisting(TradeEntity existing, TradeRecord trade)
    {
        if (TradeMapping.SameTrade(existing.ToRecord(), trade))
            return TradeInsertResult.AlreadyRecorded;
        throw new TradingSystemException($"A different trade is already recorded with trade_id '{trade.TradeId}'.");
    }

    public async Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Trades.AsNoTracking().FirstOrDefaultAsync(t => t.TradeId == tradeId, ct);
        return e?.ToRecord();
    }

    public async Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default)
    {
        if (to < from) throw new ArgumentException("The period ends before it starts.", nameof(to));
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = InPeriod(db.Trades.AsNoTracking(), from, to);
        if (filter?.Ticker is { } ticker) q = q.Where(t => t.Ticker == ticker);
        if (filter?.Action is { } action)
        {
            var text = action.ToText();
            q = q.Where(t => t.Action == text);
        }
        var rows = await q.OrderBy(t => t.Timestamp).ThenBy(t => t.OrderedAt).ThenBy(t => t.TradeId).ToListAsync(ct);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Trades.AsNoTracking();
        if (from is not null || to is not null)
            q = InPeriod(q, from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue);
        q = horizon switch
        {
            PnlHorizon.SevenDays => q.Where(t => t.Pnl7Days != null).OrderBy(t => t.Pnl7Days).ThenBy(t => t.Timestamp),
            PnlHorizon.ThirtyDays => q.Where(t => t.Pnl30Days != null).OrderBy(t => t.Pnl30Days).ThenBy(t => t.Timestamp),
            _ => throw new ArgumentOutOfRangeException(nameof(horizon)),
        };
        var rows = await q.Take(count).ToListAsync(ct);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default)
    {
        var field = horizon == PnlHorizon.SevenDays ? "pnl_7_days" : "pnl_30_days";
        if (horizon is not (PnlHorizon.SevenDays or PnlHorizon.ThirtyDays)) throw new ArgumentOutOfRangeException(nameof(horizon));
        TradeRecordValidator.ValidatePnl(field, pnl);
        pnl = TradeMapping.StoredPnl(pnl)!.Value;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await LockedAsync(db, tradeId, ct);
        if (row is null) return false;
        var change = new TradeTotalsChange();
        change.Remove(row);
        if (horizon == PnlHorizon.SevenDays) row.Pnl7Days = pnl;
        else row.Pnl30Days = pnl;
        change.Add(row);
        await db.SaveChangesAsync(ct);
        await TradeTotalsWriter.ApplyAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), change, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Trades.CountAsync(ct);
    }

    /// <summary>One command for the totals (TradeTotalsReader) and, in the page's own order, the rows (TradePageRows): one
    /// round trip on PostgreSQL, no LINQ translation per view (docs/benchmarks.md, trade-store). Other sorts read the rows
    /// through EF after it.</summary>
    public async Task<TradePage> QueryAsync(TradeQuery query, CancellationToken ct = default)
    {
        query.Validate();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var summary = TradeSummary.Empty;
        List<TradeRecord>? items = null;
        await using (var cmd = db.Database.GetDbConnection().CreateCommand())
        {
            var sql = new List<string>();
            var totals = TradeTotalsReader.Add(cmd, sql, TradePeriodSplit.Of(query.From, query.To), query.Filter);
            var rowsHere = TradePageRows.Serves(query);
            if (rowsHere) TradePageRows.Add(cmd, sql, query, SqliteIndexFor(db, query.Filter));
            TradeTotalsReader.SetFilter(cmd, query.Filter);
            if (sql.Count > 0)
            {
                cmd.CommandText = string.Join(";\n", sql);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                if (totals.HasResults)
                {
                    summary = await totals.ReadAsync(reader, query.Filter?.Ticker, ct);
                    if (rowsHere) await reader.NextResultAsync(ct);
                }
                if (rowsHere) items = await TradePageRows.ReadAsync(reader, ct);
            }
        }
        if (items is null)
        {
            var q = Filtered(InPeriod(RowSource(db, query.Filter).AsNoTracking(), query.From, query.To), query.Filter);
            var rows = await Sorted(q, query.Sort, query.Descending).Skip(query.Skip).Take(query.Take).ToListAsync(ct);
            items = [.. rows.Select(r => r.ToRecord())];
        }
        return new TradePage(items, summary);
    }

    /// <summary>The trades table, on SQLite pinned to the (ticker, action, timestamp) index when both are filtered: without
    /// statistics its planner took (action, timestamp), a period's worth of one side (docs/decisions.md).</summary>
    private static IQueryable<TradeEntity> RowSource(KisTraderDbContext db, TradeFilter? filter) =>
        SqliteIndexFor(db, filter) is not null ? db.Trades.FromSqlRaw("SELECT * FROM trades INDEXED BY " + TickerSideIndex) : db.Trades;

    private const string TickerSideIndex = "idx_trades_ticker_action_timestamp";

    private static string? SqliteIndexFor(KisTraderDbContext db, TradeFilter? filter) =>
        filter is { Ticker: not null, Action: not null } && db.Database.IsSqlite() ? TickerSideIndex : null;

    private static IQueryable<TradeEntity> Filtered(IQueryable<TradeEntity> q, TradeFilter? filter)
    {
        if (filter?.Ticker is { } ticker) q = q.Where(t => t.Ticker == ticker);
        if (filter?.Action is { } action)
        {
            var text = action.ToText();
            q = q.Where(t => t.Action == text);
        }
        return q;
    }

    private static IQueryable<TradeEntity> Sorted(IQueryable<TradeEntity> q, TradeSort sort, bool descending)
    {
        IOrderedQueryable<TradeEntity> o = (sort, descending) switch
        {
            (TradeSort.Ticker, false) => q.OrderBy(t => t.Ticker),
            (TradeSort.Ticker, true) => q.OrderByDescending(t => t.Ticker),
            (TradeSort.Action, false) => q.OrderBy(t => t.Action),
            (TradeSort.Action, true) => q.OrderByDescending(t => t.Action),
            (TradeSort.Quantity, false) => q.OrderBy(t => t.Quantity),
            (TradeSort.Quantity, true) => q.OrderByDescending(t => t.Quantity),
            (TradeSort.Price, false) => q.OrderBy(t => t.Price),
            (TradeSort.Price, true) => q.OrderByDescending(t => t.Price),
            // P&L not known yet sorts last either way (SQLite and PostgreSQL would put NULL at opposite ends).
            (TradeSort.Pnl7Days, false) => q.OrderBy(t => t.Pnl7Days == null).ThenBy(t => t.Pnl7Days),
            (TradeSort.Pnl7Days, true) => q.OrderBy(t => t.Pnl7Days == null).ThenByDescending(t => t.Pnl7Days),
            (TradeSort.Pnl30Days, false) => q.OrderBy(t => t.Pnl30Days == null).ThenBy(t => t.Pnl30Days),
            (TradeSort.Pnl30Days, true) => q.OrderBy(t => t.Pnl30Days == null).ThenByDescending(t => t.Pnl30Days),
            (_, false) => q.OrderBy(t => t.Timestamp),
            (_, true) => q.OrderByDescending(t => t.Timestamp),
        };
        // A stable order, so a page boundary never repeats or skips a trade.
        return descending ? o.ThenByDescending(t => t.Timestamp).ThenByDescending(t => t.TradeId) : o.ThenBy(t => t.Timestamp).ThenBy(t => t.TradeId);
    }

    private static IQueryable<TradeEntity> InPeriod(IQueryable<TradeEntity> q, DateTimeOffset from, DateTimeOffset to)
    {
        var f = from == DateTimeOffset.MinValue ? DateTime.MinValue : from.UtcDateTime;
        var t = to == DateTimeOffset.MaxValue ? DateTime.MaxValue : to.UtcDateTime;
        f = DateTime.SpecifyKind(f, DateTimeKind.Utc);
        t = DateTime.SpecifyKind(t, DateTimeKind.Utc);
        return q.Where(x => x.Timestamp >= f && x.Timestamp < t);
    }
}
