using KisTrader.Core.Errors;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KisTrader.Data.Stores;

/// <summary>
/// Prompt versions (table <c>prompt_versions</c>). Rows are never changed after they are added, except
/// <c>is_active</c>. Every write runs in a transaction that first serializes writers for the whole table, so reading
/// the highest version and flipping the active flag cannot interleave with another writer: there is never a moment,
/// and never an outcome, with two active versions (a filtered unique index backs that up) or, once one is active,
/// with none.
/// </summary>
public sealed class EfPromptStore(IDbContextFactory<KisTraderDbContext> factory) : IPromptStore
{
    public async Task<PromptVersion?> GetActiveAsync(string promptName, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.PromptVersions.AsNoTracking().FirstOrDefaultAsync(p => p.PromptName == promptName && p.IsActive, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<PromptVersion?> GetAsync(string promptName, int version, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.PromptVersions.AsNoTracking().FirstOrDefaultAsync(p => p.PromptName == promptName && p.Version == version, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<IReadOnlyList<PromptVersion>> ListAsync(string promptName, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.PromptVersions.AsNoTracking().Where(p => p.PromptName == promptName)
            .OrderByDescending(p => p.Version).ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    public async Task AddAsync(PromptVersion version, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version.PromptName);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await BeginWriteAsync(db, ct);
        var name = version.PromptName;
        var max = await db.PromptVersions.Where(p => p.PromptName == name).MaxAsync(p => (int?)p.Version, ct) ?? 0;
        if (version.Version != max + 1)
            throw new TradingSystemException(version.Version <= max
                ? $"Prompt '{name}' already has a version {version.Version}: versions are immutable (the next one is {max + 1})."
                : $"Prompt '{name}' cannot get version {version.Version}: the next version is {max + 1}.");
        // Clear first, in its own statement, so the filtered unique index never sees two active rows.
        if (version.IsActive)
            await db.PromptVersions.Where(p => p.PromptName == name && p.IsActive)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, false), ct);
        db.PromptVersions.Add(ToEntity(version));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Only reachable when another writer ignored the lock (a different application on the same database).
            throw new TradingSystemException($"Prompt '{name}' version {version.Version} could not be added: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<bool> ActivateAsync(string promptName, int version, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await BeginWriteAsync(db, ct);
        if (!await db.PromptVersions.AnyAsync(p => p.PromptName == promptName && p.Version == version, ct))
            return false;
        await db.PromptVersions.Where(p => p.PromptName == promptName && p.IsActive && p.Version != version)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, false), ct);
        await db.PromptVersions.Where(p => p.PromptName == promptName && p.Version == version)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, true), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // SQLite: Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, which takes the database's write lock at once (waiting
    // up to busy_timeout), so the read of the current versions already happens under the lock (a deferred BEGIN would
    // fail a second writer with SQLITE_BUSY instead of waiting). PostgreSQL: READ COMMITTED plus an EXCLUSIVE table lock
    // (readers still proceed); each later statement sees everything the previous writer committed.
    private static async Task<IDbContextTransaction> BeginWriteAsync(KisTraderDbContext db, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE prompt_versions IN EXCLUSIVE MODE", ct);
        return tx;
    }

    private static PromptVersionEntity ToEntity(PromptVersion v) => new()
    {
        PromptName = v.PromptName,
        Version = v.Version,
        Text = v.Text,
        ParentVersion = v.ParentVersion,
        Reason = v.Reason,
        Author = v.Author,
        ReportId = v.ReportId,
        RuleIds = GraphJson.Serialize(v.RuleIds),
        CreatedAt = v.CreatedAt.UtcDateTime,
        IsActive = v.IsActive,
    };

    private static PromptVersion ToRecord(PromptVersionEntity e) => new()
    {
        PromptName = e.PromptName,
        Version = e.Version,
        Text = e.Text,
        ParentVersion = e.ParentVersion,
        Reason = e.Reason,
        Author = e.Author,
        ReportId = e.ReportId,
        RuleIds = GraphJson.Deserialize<string[]>(e.RuleIds),
        CreatedAt = UtcTime.FromStored(e.CreatedAt),
        IsActive = e.IsActive,
    };
}
