using KisTrader.Core.Decisions;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

public sealed class EfLlmUsageStore(IDbContextFactory<KisTraderDbContext> factory) : ILlmUsageStore
{
    public async Task AddAsync(LlmUsageRecord usage, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.LlmUsage.Add(new LlmUsageEntity
        {
            At = usage.At.UtcDateTime,
            Model = Truncate(usage.Model, 128),
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = usage.CostUsd,
            RunId = usage.RunId is null ? null : Truncate(usage.RunId, 64),
            Outcome = Truncate(usage.Outcome, 16),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<decimal> GetCostSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var from = since.UtcDateTime;
        // SQLite cannot SUM a decimal (stored as text) in SQL: sum the month's rows here (a few thousand at most).
        var costs = await db.LlmUsage.AsNoTracking().Where(u => u.At >= from).Select(u => u.CostUsd).ToListAsync(ct);
        return costs.Sum();
    }

    public async Task<IReadOnlyList<LlmUsageRecord>> GetRecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.LlmUsage.AsNoTracking().OrderByDescending(u => u.Id).Take(count).ToListAsync(ct);
        return [.. rows.Select(r => new LlmUsageRecord(new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Model, r.InputTokens,
            r.OutputTokens, r.CostUsd, r.RunId, r.Outcome))];
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
