using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The order and fill ledger (tables <c>orders</c>, <c>fills</c>).</summary>
public sealed class EfOrderLedger(IDbContextFactory<KisTraderDbContext> factory, TimeProvider? time = null) : IOrderLedger
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task AddAsync(LedgerOrder order, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Orders.Add(order.ToEntity());
        try
        {
            // One statement per intent (it is on the path of every order sent): the primary key refuses a duplicate.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            await using var check = await factory.CreateDbContextAsync(ct);
            if (await check.Orders.AnyAsync(o => o.OrderId == order.OrderId, ct))
                throw new InvalidOperationException($"Order '{order.OrderId}' is already in the ledger.", ex);
            throw;
        }
    }

    public async Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default)
    {
        // One statement, so the compare and the set are atomic on SQLite and PostgreSQL alike: a fill committed after the
        // caller's read has changed the status, and the row no longer matches.
        var status = expected.ToString();
        await using var db = await factory.CreateDbContextAsync(ct);
        var written = await db.Orders.Where(o => o.OrderId == order.OrderId && o.Status == status)
            .ExecuteUpdateAsync(u => u.SetStatusFrom(order), ct);
        if (written > 0) return true;
        if (!await db.Orders.AnyAsync(o => o.OrderId == order.OrderId, ct))
            throw new InvalidOperationException($"Order '{order.OrderId}' is not in the ledger.");
        return false;
    }

    public async Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, ct))?.ToLedger();
    }

    public async Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default)
    {
        // KIS pads order numbers in some answers and not in others: compare by value among that KST day's orders.
        var from = new DateTimeOffset(orderDate.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset).UtcDateTime;
        var to = from.AddDays(1);
        await using var db = await factory.CreateDbContextAsync(ct);
        // Only the numbers of the day's orders (not their context JSON): this runs for every execution notice.
        var day = await db.Orders.AsNoTracking().Where(o => o.BrokerOrderNo != null && o.CreatedAt >= from && o.CreatedAt < to)
            .Select(o => new { o.OrderId, o.BrokerOrderNo }).ToListAsync(ct);
        var match = day.FirstOrDefault(o => BrokerOrderNumbers.Same(o.BrokerOrderNo, brokerOrderNo));
        return match is null ? null : (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == match.OrderId, ct))?.ToLedger();
    }

    public async Task<IReadOnlyList<LedgerOrder>> ListByStatusAsync(IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default)
    {
        var names = statuses.Select(s => s.ToString()).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Orders.AsNoTracking().Where(o => names.Contains(o.Status)).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId).ToListAsync(ct);
        return [.. rows.Select(r => r.ToLedger())];
    }

    public async Task<IReadOnlyList<LedgerOrder>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var f = from.UtcDateTime;
        var t = to.UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Orders.AsNoTracking().Where(o => o.CreatedAt >= f && o.CreatedAt < t).OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId).ToListAsync(ct);
        return [.. rows.Select(r => r.ToLedger())];
    }

    public async Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<LedgerOrderStatus> statuses, CancellationToken ct = default)
    {
        var f = from.UtcDateTime;
        var t = to.UtcDateTime;
        var names = statuses.Select(s => s.ToString()).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Orders.CountAsync(o => o.CreatedAt >= f && o.CreatedAt < t && names.Contains(o.Status), ct);
    }

    public async Task<IReadOnlyList<LedgerOrder>> ListChangedSinceAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken ct = default)
    {
        var f = from.UtcDateTime;
        var t = to.UtcDateTime;
        var s = since.UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        // The context column (the largest, and JSON to parse) is left out of the SELECT: Context = null.
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.CreatedAt >= f && o.CreatedAt < t && (o.CreatedAt >= s || o.UpdatedAt >= s))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId)
            .Select(LedgerMapping.WithoutContext)
            .ToListAsync(ct);
        return [.. rows.Select(r => r.ToLedger())];
    }

    public async Task<bool> AddFillAsync(LedgerFill fill, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Fills.AnyAsync(f => f.ExecutionKey == fill.ExecutionKey, ct)) return false;
        var order = await db.Orders.FirstOrDefaultAsync(o => o.OrderId == fill.OrderId, ct)
            ?? throw new InvalidOperationException($"Order '{fill.OrderId}' is not in the ledger.");
        // The order type decides quantity, average price and status (or refuses the fill); this only persists it.
        var next = order.ToLedger().ApplyFill(fill, _time.GetUtcNow());

        db.Fills.Add(new FillEntity
        {
            OrderId = fill.OrderId,
            ExecutionKey = fill.ExecutionKey,
            Quantity = fill.Quantity,
            Price = fill.Price,
            FilledAt = fill.FilledAt.UtcDateTime,
            Source = fill.Source,
        });
        order.CopyFillFrom(next);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another writer recorded the same execution key between our check and our insert.
            await tx.RollbackAsync(CancellationToken.None);
            await using var check = await factory.CreateDbContextAsync(ct);
            if (await check.Fills.AnyAsync(f => f.ExecutionKey == fill.ExecutionKey, ct)) return false;
            throw;
        }
    }

    public async Task<IReadOnlyList<LedgerFill>> FillsAsync(string orderId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Fills.AsNoTracking().Where(f => f.OrderId == orderId).OrderBy(f => f.FillId).ToListAsync(ct);
        return [.. rows.Select(r => r.ToLedger())];
    }
}
