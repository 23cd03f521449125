using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

public sealed class EfApiTokenStore(IDbContextFactory<KisTraderDbContext> factory) : IApiTokenStore
{
    public async Task<ApiTokenInfo> AddAsync(string userId, string name, string prefix, string hash, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = new ApiTokenEntity { UserId = userId, Name = name, Prefix = prefix, Hash = hash, CreatedAt = at.UtcDateTime };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return ToInfo(row);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);
        return [.. rows.Select(ToInfo)];
    }

    public async Task<ApiTokenInfo?> FindActiveAsync(string hash, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, ct);
        return row is null ? null : ToInfo(row);
    }

    public async Task<bool> RevokeAsync(string userId, long id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var when = at.UtcDateTime;
        // One statement: a token is revoked once, by its owner, and the next request already fails.
        var changed = await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, when), ct);
        return changed == 1;
    }

    public async Task MarkUsedAsync(long id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var when = at.UtcDateTime;
        await db.ApiTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, when), ct);
    }

    private static ApiTokenInfo ToInfo(ApiTokenEntity r) =>
        new(r.Id, r.UserId, r.Name, r.Prefix, UtcTime.FromStored(r.CreatedAt), UtcTime.FromStored(r.LastUsedAt), UtcTime.FromStored(r.RevokedAt));
}
