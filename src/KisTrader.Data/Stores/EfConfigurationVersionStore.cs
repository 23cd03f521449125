using System.Security.Cryptography;
using System.Text;
using KisTrader.Core.Configuration;
using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

public sealed class EfConfigurationVersionStore(IDbContextFactory<KisTraderDbContext> factory) : IConfigurationVersionStore
{
    public async Task<(ConfigurationVersion Version, bool Added)> AddIfChangedAsync(string json, string recordedBy, DateTimeOffset at,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        await using var db = await factory.CreateDbContextAsync(ct);
        var latest = await db.ConfigVersions.AsNoTracking().OrderByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        // Exact text: the JSON is canonical, so any difference is a difference in the configuration.
        if (latest is not null && string.Equals(latest.Json, json, StringComparison.Ordinal)) return (ToVersion(latest), false);
        var row = new ConfigVersionEntity
        {
            RecordedAt = at.UtcDateTime,
            RecordedBy = recordedBy.Length <= 64 ? recordedBy : recordedBy[..64],
            Sha256 = Sha256Of(json),
            Json = json,
        };
        db.ConfigVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return (ToVersion(row), true);
    }

    public async Task<ConfigurationVersion?> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.ConfigVersions.AsNoTracking().OrderByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        return row is null ? null : ToVersion(row);
    }

    public async Task<ConfigurationVersion?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.ConfigVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return row is null ? null : ToVersion(row);
    }

    public async Task<IReadOnlyList<ConfigurationVersion>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ConfigVersions.AsNoTracking().OrderByDescending(v => v.Id)
            .Select(v => new { v.Id, v.RecordedAt, v.RecordedBy, v.Sha256 }).ToListAsync(ct);
        return [.. rows.Select(r => new ConfigurationVersion(r.Id, Utc(r.RecordedAt), r.RecordedBy, r.Sha256, ""))];
    }

    public static string Sha256Of(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private static ConfigurationVersion ToVersion(ConfigVersionEntity r) => new(r.Id, Utc(r.RecordedAt), r.RecordedBy, r.Sha256, r.Json);

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
