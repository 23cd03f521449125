using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data;

/// <summary>Applies the hand-written migrations at start-up and switches SQLite to WAL.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<KisTraderDbContext> factory)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets the dashboard read while the graph writes; the setting is stored in the file.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = (string?)await cmd.ExecuteScalarAsync(ct);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(ct);
    }

    public async Task<IReadOnlyList<string>> AppliedMigrationsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return [.. await db.Database.GetAppliedMigrationsAsync(ct)];
    }
}
