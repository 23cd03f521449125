using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

public sealed class EfAuditLog(IDbContextFactory<KisTraderDbContext> factory) : IAuditLog
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.AuditLog.Add(new AuditLogEntity
        {
            Timestamp = entry.Timestamp.UtcDateTime,
            Actor = entry.Actor,
            Action = entry.Action,
            Target = entry.Target,
            Details = entry.Details,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id).Take(count).ToListAsync(ct);
        return [.. rows.Select(ToEntry)];
    }

    public async Task<IReadOnlyList<AuditEntry>> ByActorSinceAsync(string actor, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var from = since.UtcDateTime;
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.Actor == actor && a.Timestamp >= from).OrderBy(a => a.Id).ToListAsync(ct);
        return [.. rows.Select(ToEntry)];
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        query.Validate();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.AuditLog.AsNoTracking();
        if (query.Actor is { } actor) q = q.Where(a => a.Actor == actor);
        if (query.ActionPrefix is { Length: > 0 } prefix) q = q.Where(a => a.Action.StartsWith(prefix));
        var total = await q.CountAsync(ct);
        // The id is the order of writing: newest first, even for entries within one clock tick.
        var rows = await q.OrderByDescending(a => a.Id).Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        return new AuditPage([.. rows.Select(ToEntry)], total);
    }

    private static AuditEntry ToEntry(AuditLogEntity r) =>
        new(new DateTimeOffset(DateTime.SpecifyKind(r.Timestamp, DateTimeKind.Utc)), r.Actor, r.Action, r.Target, r.Details);
}
