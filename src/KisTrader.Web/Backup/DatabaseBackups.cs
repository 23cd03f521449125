using System.Globalization;
using System.Text.RegularExpressions;
using KisTrader.Core.Market;
using KisTrader.Data;
using KisTrader.Data.Instance;
using KisTrader.Data.Backup;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;
using Microsoft.Data.Sqlite;

namespace KisTrader.Web.Backup;

/// <summary>A backup that was written: where, how big, what it holds, and which old backups retention removed.</summary>
public sealed record BackupOutcome(SqliteBackupContents Backup, IReadOnlyList<string> Deleted);

/// <summary>What a restore did: the file restored, the copy of the database it replaced, and the schema it ended at.</summary>
public sealed record RestoreOutcome(SqliteBackupContents Restored, string Database, string? PreviousKeptAs, IReadOnlyList<string> Migrations);

/// <summary>The restore was refused before anything changed (PostgreSQL, the database in use, an invalid file).</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// Backups of the SQLite database into <c>Backup:Directory</c> (default <c>{Database:DataDirectory}/backups</c>) as
/// <c>kistrader-yyyyMMdd-HHmmss.db</c> (KST), keeping the newest <c>Backup:Keep</c>, and restores from such a file.
/// Used by the schedule (<see cref="BackupJob"/>) and the <c>backup</c> / <c>restore</c> commands. PostgreSQL is not
/// backed up by the app: pg_dump is the tool, and pretending otherwise would leave the operator without backups.
/// </summary>
public sealed partial class DatabaseBackups(IOptions<DatabaseOptions> databaseOptions, IOptions<BackupOptions> backupOptions, TimeProvider time,
    DatabaseInitializer initializer)
{
    private readonly DatabaseOptions database = databaseOptions.Value;
    private readonly BackupOptions backup = backupOptions.Value;

    public const string PostgreSqlNote =
        "Backups are made by the app for SQLite only. With Database:Provider=PostgreSql back up with pg_dump (and restore with pg_restore).";

    public bool Supported => database.Provider == DatabaseProvider.Sqlite;

    public string Directory => backup.FullDirectory(database);

    /// <summary>The SQLite file the app uses (Database:ConnectionString's Data Source, or data/kistrader.db).</summary>
    public string DatabaseFile => Path.GetFullPath(new SqliteConnectionStringBuilder(database.ResolveConnectionString()).DataSource);

    /// <summary>Writes a backup now, verifies it, then deletes the oldest beyond Backup:Keep.</summary>
    public BackupOutcome BackupNow()
    {
        EnsureSupported();
        if (!File.Exists(DatabaseFile))
            throw new FileNotFoundException($"There is no database at {DatabaseFile}.", DatabaseFile);
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = time.GetUtcNow().ToKst().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var target = Path.Combine(Directory, $"kistrader-{stamp}.db");
        // Two backups in one second (the command right after the schedule) get a sequence number, never overwrite.
        for (var n = 2; File.Exists(target); n++)
            target = Path.Combine(Directory, $"kistrader-{stamp}-{n}.db");
        var contents = SqliteBackup.Create(DatabaseFile, target);
        return new BackupOutcome(contents, Prune());
    }

    /// <summary>The backups in the directory, newest first.</summary>
    public IReadOnlyList<string> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return
        [
            .. System.IO.Directory.EnumerateFiles(Directory, "kistrader-*.db")
                .Select(f => (File: f, Match: BackupName().Match(Path.GetFileName(f))))
                .Where(x => x.Match.Success)
                .OrderByDescending(x => x.Match.Groups["stamp"].Value, StringComparer.Ordinal)
                .ThenByDescending(x => x.Match.Groups["n"].Success ? int.Parse(x.Match.Groups["n"].Value, CultureInfo.InvariantCulture) : 1)
                .Select(x => x.File),
        ];
    }

    private IReadOnlyList<string> Prune()
    {
        var old = List().Skip(backup.Keep).ToList();
        foreach (var f in old) File.Delete(f);
        return old;
    }

    /// <summary>Replaces the database with <paramref name="backupFile"/>: refuses an invalid file or a database another
    /// process has open, keeps the current database as <c>kistrader.db.before-restore-yyyyMMdd-HHmmss</c>, restores, then
    /// applies the migrations so an older backup comes up to the current schema.</summary>
    /// <exception cref="BackupRefusedException">Refused; nothing was changed.</exception>
    public async Task<RestoreOutcome> RestoreAsync(string backupFile, CancellationToken ct = default)
    {
        EnsureSupported();
        var source = Path.GetFullPath(backupFile);
        var live = DatabaseFile;
        if (source == live)
            throw new BackupRefusedException($"{source} is the database itself.");
        // Held until the restore has migrated: no KisTrader may start on the database while it is being replaced.
        await using var instance = await HoldInstanceAsync(live, ct);
        if (SqliteBackup.IsInUse(live))
            throw new BackupRefusedException($"{live} is in use by another process (is KisTrader running?). Stop it, then restore.");
        string? kept = null;
        SqliteBackupContents restored;
        try
        {
            restored = SqliteBackup.RestoreInto(source, live, () =>
            {
                if (!File.Exists(live)) return;
                var stamp = time.GetUtcNow().ToKst().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
                kept = $"{live}.before-restore-{stamp}";
                for (var n = 2; File.Exists(kept); n++) kept = $"{live}.before-restore-{stamp}-{n}";
                // Whatever the current database holds is kept whole, even if it would not pass as a KisTrader backup.
                SqliteBackup.Create(live, kept, requireKisTrader: false);
            });
        }
        catch (InvalidBackupException ex)
        {
            throw new BackupRefusedException(ex.Message);
        }
        await initializer.InitializeAsync(ct, soleProcess: instance);
        var migrations = await initializer.AppliedMigrationsAsync(ct);
        SqliteConnection.ClearAllPools();
        var now = SqliteBackup.Inspect(live, readOnly: false);
        return new RestoreOutcome(restored with { Trades = now.Trades, PromptVersions = now.PromptVersions }, live, kept, migrations);
    }

    private async Task<InstanceLock> HoldInstanceAsync(string live, CancellationToken ct)
    {
        try
        {
            return await InstanceLock.AcquireAsync(database.Provider, database.ResolveConnectionString(), "restore", time, ct);
        }
        catch (InstanceLockedException ex)
        {
            throw new BackupRefusedException($"{live} is in use: {ex.Message}");
        }
    }

    private void EnsureSupported()
    {
        if (!Supported) throw new BackupRefusedException(PostgreSqlNote);
    }

    [GeneratedRegex(@"^kistrader-(?<stamp>\d{8}-\d{6})(-(?<n>\d+))?\.db$")]
    private static partial Regex BackupName();
}
