using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data;

/// <summary>Applies the hand-written migrations at start-up and switches SQLite to WAL; creates a new SQLite database in one
/// transaction.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<KisTraderDbContext> factory)
{
    /// <summary>EF's migration lock on SQLite: a row, not a lock the database lets go of when its holder dies.</summary>
    public const string MigrationLockTable = "__EFMigrationsLock";

    /// <param name="soleProcess">The <see cref="InstanceLock"/> this process holds, if any. Holding it, no other KisTrader
    /// process can be migrating this database, so a migration lock found in it was abandoned by a process killed while
    /// migrating, and is removed; EF would otherwise wait for it forever (every later start hangs).</param>
    /// <returns>Whether an abandoned migration lock was removed.</returns>
    public async Task<bool> InitializeAsync(CancellationToken ct = default, Instance.InstanceLock? soleProcess = null)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var cleared = false;
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
                if (soleProcess is not null)
                    cleared = await ClearAbandonedMigrationLockAsync(db.Database.GetDbConnection(), ct);
                if (await IsEmptyAsync(db.Database.GetDbConnection(), ct))
                {
                    await CreateAsync(db, ct);
                    return cleared;
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(ct);
        return cleared;
    }

    /// <summary>A new SQLite database is created by all the migrations in one transaction: one commit, so one fsync of
    /// the WAL under synchronous=FULL instead of one per migration (docs/decisions.md, "A new database is created in one
    /// transaction"). A creation cut short (an error, a kill, a power cut) never commits, so the file is left empty, and
    /// the next start finds it empty and creates it again. An existing database is migrated as before, one transaction
    /// per migration.</summary>
    private static async Task CreateAsync(KisTraderDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.MigrateAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Whether the database holds no table, index or view at all: a file just created (or one whose creation
    /// was cut short and rolled back).</summary>
    private static async Task<bool> IsEmptyAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master";
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0;
    }

    private static async Task<bool> ClearAbandonedMigrationLockAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{MigrationLockTable}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return false;
        }
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM \"{MigrationLockTable}\"";
        return await delete.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<IReadOnlyList<string>> AppliedMigrationsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return [.. await db.Database.GetAppliedMigrationsAsync(ct)];
    }
}
