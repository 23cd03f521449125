using System.Globalization;
using KisTrader.Core.Errors;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ml.Registry;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KisTrader.Data.Stores;

/// <summary>
/// Model versions (<c>model_versions</c>) and their artifacts' bytes (<c>model_artifacts</c>, a blob column: see
/// docs/decisions.md). Writes serialize on the table as <see cref="EfPromptStore"/>'s do, so numbering and the active
/// flip never interleave with another writer, and the filtered unique index backs "at most one active per signal".
/// </summary>
public sealed class EfModelRegistry(IDbContextFactory<KisTraderDbContext> factory) : IModelRegistry
{
    private const string ActiveStatus = "active";

    public async Task AddAsync(ModelVersion version, IReadOnlyList<ModelArtifact> artifacts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await BeginWriteAsync(db, ct);
        var signal = version.Signal;
        var max = await db.ModelVersions.Where(v => v.Signal == signal).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        NewModelVersionCheck.Validate(version, artifacts, max);
        db.ModelVersions.Add(ToEntity(version));
        foreach (var a in artifacts)
            db.ModelArtifacts.Add(new ModelArtifactEntity { Signal = signal, Version = version.Version, Format = a.Format, Bytes = (byte[])a.Bytes.Clone() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Only reachable when another writer ignored the lock (a different application on the same database).
            throw new TradingSystemException($"{version.Label} could not be added: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<ModelVersion?> GetAsync(string signal, int version, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Signal == signal && v.Version == version, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<ModelVersion?> GetActiveAsync(string signal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Signal == signal && v.Status == ActiveStatus, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(string signal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ModelVersions.AsNoTracking().Where(v => v.Signal == signal).OrderByDescending(v => v.Version).ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<IReadOnlyList<string>> SignalsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var names = await db.ModelVersions.AsNoTracking().Select(v => v.Signal).Distinct().ToListAsync(ct);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    public async Task<byte[]?> GetArtifactAsync(string signal, int version, string format, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ModelArtifacts.AsNoTracking().Where(a => a.Signal == signal && a.Version == version && a.Format == format)
            .Select(a => a.Bytes).FirstOrDefaultAsync(ct);
    }

    public async Task<ModelActivation?> ActivateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await BeginWriteAsync(db, ct);
        if (!await db.ModelVersions.AnyAsync(v => v.Signal == signal && v.Version == version, ct)) return null;
        var previous = await db.ModelVersions.Where(v => v.Signal == signal && v.Status == ActiveStatus).Select(v => (int?)v.Version).FirstOrDefaultAsync(ct);
        if (previous == version) return new ModelActivation(version, version);
        var when = at.UtcDateTime;
        var retired = ModelStatusNames.Of(ModelStatus.Retired);
        // Retire first, in its own statement, so the filtered unique index never sees two active rows.
        await db.ModelVersions.Where(v => v.Signal == signal && v.Status == ActiveStatus)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.Status, retired).SetProperty(v => v.StatusReason, reason).SetProperty(v => v.StatusChangedAt, when), ct);
        await db.ModelVersions.Where(v => v.Signal == signal && v.Version == version)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.Status, ActiveStatus).SetProperty(v => v.StatusReason, reason).SetProperty(v => v.StatusChangedAt, when), ct);
        await tx.CommitAsync(ct);
        return new ModelActivation(version, previous);
    }

    public async Task<bool> NoteCandidateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var candidate = ModelStatusNames.Of(ModelStatus.Candidate);
        var when = at.UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.ModelVersions.Where(v => v.Signal == signal && v.Version == version && v.Status == candidate)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.StatusReason, reason).SetProperty(v => v.StatusChangedAt, when), ct);
        return changed == 1;
    }

    // As EfPromptStore: SQLite's BEGIN IMMEDIATE takes the write lock at once; PostgreSQL gets an EXCLUSIVE table lock
    // (readers proceed).
    private static async Task<IDbContextTransaction> BeginWriteAsync(KisTraderDbContext db, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE model_versions IN EXCLUSIVE MODE", ct);
        return tx;
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ModelVersionEntity ToEntity(ModelVersion v) => new()
    {
        Signal = v.Signal,
        Version = v.Version,
        Trainer = v.Trainer,
        WindowFrom = Date(v.Window.From),
        WindowTo = Date(v.Window.To),
        FeaturesJson = GraphJson.Serialize(v.Features),
        FeatureSetVersion = v.FeatureSetVersion,
        HyperParametersJson = GraphJson.Serialize(v.HyperParameters),
        DataSha256 = v.DataSha256,
        F1 = v.Metrics.F1,
        MetricsJson = GraphJson.Serialize(v.Metrics),
        BacktestJson = v.Backtest is null ? null : GraphJson.Serialize(v.Backtest),
        ArtifactsJson = GraphJson.Serialize(v.Artifacts),
        CreatedAt = v.CreatedAt.UtcDateTime,
        Status = ModelStatusNames.Of(v.Status),
        StatusReason = v.StatusReason,
        StatusChangedAt = v.StatusChangedAt?.UtcDateTime,
    };

    private static ModelVersion ToRecord(ModelVersionEntity e) => new()
    {
        Signal = e.Signal,
        Version = e.Version,
        Trainer = e.Trainer,
        Window = new TrainingWindow(Date(e.WindowFrom), Date(e.WindowTo)),
        Features = GraphJson.Deserialize<string[]>(e.FeaturesJson),
        FeatureSetVersion = e.FeatureSetVersion,
        HyperParameters = GraphJson.Deserialize<Dictionary<string, string>>(e.HyperParametersJson),
        DataSha256 = e.DataSha256,
        Metrics = GraphJson.Deserialize<ModelMetrics>(e.MetricsJson),
        Backtest = e.BacktestJson is null ? null : GraphJson.Deserialize<GatedBacktestResult>(e.BacktestJson),
        Artifacts = GraphJson.Deserialize<ModelArtifactInfo[]>(e.ArtifactsJson),
        CreatedAt = UtcTime.FromStored(e.CreatedAt),
        Status = ModelStatusNames.Parse(e.Status),
        StatusReason = e.StatusReason,
        StatusChangedAt = UtcTime.FromStored(e.StatusChangedAt),
    };
}
