using Microsoft.Data.Sqlite;

namespace KisTrader.Data.Backup;

/// <summary>What a KisTrader SQLite file holds, as read by <see cref="SqliteBackup.Inspect"/>.</summary>
public sealed record SqliteBackupContents(string Path, long SizeBytes, long Trades, long PromptVersions, string? LastMigration);

/// <summary>The file is not a usable KisTrader SQLite database (not SQLite, corrupt, or without the app's tables).</summary>
public sealed class InvalidBackupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Online backups of the SQLite database with SQLite's backup API: the copy is one consistent snapshot even while the
/// app writes (WAL readers do not block writers), unlike copying the file and its -wal. Every copy is written to a
/// temporary file, switched out of WAL so it is a single self-contained file, checked, and only then moved into place.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Tables without which a file is not a KisTrader database; all date from the first migration, so a backup
    /// from any older schema passes and is migrated after the restore.</summary>
    public static readonly IReadOnlyList<string> RequiredTables = ["__EFMigrationsHistory", "trades", "prompt_versions"];

    /// <summary>Copies the live database <paramref name="sourceFile"/> to <paramref name="destinationFile"/> (which must
    /// not exist) and verifies the copy. With <paramref name="requireKisTrader"/> false only integrity is checked (used to
    /// keep whatever the current database is before a restore).</summary>
    public static SqliteBackupContents Create(string sourceFile, string destinationFile, bool requireKisTrader = true)
    {
        if (!File.Exists(sourceFile))
            throw new FileNotFoundException($"There is no database at {sourceFile}.", sourceFile);
        if (File.Exists(destinationFile))
            throw new IOException($"{destinationFile} already exists.");
        var temp = destinationFile + ".tmp";
        File.Delete(temp);
        try
        {
            using (var source = Open(sourceFile, SqliteOpenMode.ReadWrite))
            using (var destination = Open(temp, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(destination);
                // A WAL-flagged copy would need its -wal/-shm companions to be read; a backup must be one file.
                Scalar(destination, "PRAGMA journal_mode = DELETE;");
            }
            var contents = requireKisTrader ? Inspect(temp) : CheckIntegrity(temp);
            File.Move(temp, destinationFile);
            return contents with { Path = destinationFile };
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Opens <paramref name="file"/> read-only and checks it is an intact KisTrader database.</summary>
    /// <exception cref="InvalidBackupException">It is not, with the reason.</exception>
    public static SqliteBackupContents Inspect(string file, bool readOnly = true) => Inspect(file, readOnly, file);

    /// <param name="name">The file named in messages (the operator's file, not a staging copy of it).</param>
    private static SqliteBackupContents Inspect(string file, bool readOnly, string name)
    {
        if (!File.Exists(file))
            throw new InvalidBackupException($"{name} does not exist.");
        try
        {
            // Read-only cannot open a WAL-flagged file whose -shm is gone; the live file is inspected read-write.
            using var db = Open(file, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite);
            Integrity(db, name);
            var tables = new HashSet<string>(StringComparer.Ordinal);
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
                using var reader = cmd.ExecuteReader();
                while (reader.Read()) tables.Add(reader.GetString(0));
            }
            var missing = RequiredTables.Where(t => !tables.Contains(t)).ToList();
            if (missing.Count > 0)
                throw new InvalidBackupException($"{name} is not a KisTrader database: it has no {string.Join(", ", missing)} table(s).");
            return new SqliteBackupContents(file, new FileInfo(file).Length,
                Convert.ToInt64(Scalar(db, "SELECT COUNT(*) FROM trades;")),
                Convert.ToInt64(Scalar(db, "SELECT COUNT(*) FROM prompt_versions;")),
                Scalar(db, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;") as string);
        }
        catch (SqliteException ex)
        {
            throw new InvalidBackupException($"{name} is not a readable SQLite database: {ex.Message}", ex);
        }
    }

    /// <summary>Replaces the contents of <paramref name="liveFile"/> with <paramref name="backupFile"/>. The backup is first
    /// copied to a staging file (so the operator's file is never touched), made a single file and checked; then the backup
    /// API writes it into the live file in one SQLite transaction: a failure leaves the old contents whole, and the live
    /// file's -wal is handled by SQLite rather than left to contradict a file moved over it.</summary>
    /// <exception cref="InvalidBackupException">The backup is not an intact KisTrader database; nothing was changed.</exception>
    public static SqliteBackupContents RestoreInto(string backupFile, string liveFile, Action? beforeReplace = null)
    {
        if (!File.Exists(backupFile))
            throw new InvalidBackupException($"{backupFile} does not exist.");
        var staging = liveFile + ".restore.tmp";
        File.Copy(backupFile, staging, overwrite: true);
        try
        {
            try
            {
                using var db = Open(staging, SqliteOpenMode.ReadWrite);
                Scalar(db, "PRAGMA journal_mode = DELETE;");
            }
            catch (SqliteException ex)
            {
                throw new InvalidBackupException($"{backupFile} is not a readable SQLite database: {ex.Message}", ex);
            }
            var contents = Inspect(staging, readOnly: true, backupFile);
            beforeReplace?.Invoke();
            using (var source = Open(staging, SqliteOpenMode.ReadOnly))
            using (var destination = Open(liveFile, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(destination);
                Scalar(destination, "PRAGMA wal_checkpoint(TRUNCATE);");
            }
            return contents with { Path = backupFile };
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>Whether another connection (another KisTrader process) has <paramref name="liveFile"/> open. Exclusive
    /// locking mode makes SQLite take an exclusive lock on the file, which it cannot get while anyone else holds even a
    /// shared one (every open WAL connection does).</summary>
    public static bool IsInUse(string liveFile)
    {
        if (!File.Exists(liveFile)) return false;
        var cs = new SqliteConnectionStringBuilder { DataSource = liveFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1 }.ToString();
        using var db = new SqliteConnection(cs);
        db.Open();
        Scalar(db, "PRAGMA busy_timeout = 500;");
        Scalar(db, "PRAGMA locking_mode = EXCLUSIVE;");
        try
        {
            // The first access after the pragma is what takes (and keeps) the exclusive lock.
            Scalar(db, "BEGIN EXCLUSIVE;");
            Scalar(db, "SELECT COUNT(*) FROM sqlite_master;");
            Scalar(db, "ROLLBACK;");
            return false;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            return true;
        }
    }

    private static SqliteBackupContents CheckIntegrity(string file)
    {
        using var db = Open(file, SqliteOpenMode.ReadOnly);
        Integrity(db, file);
        return new SqliteBackupContents(file, new FileInfo(file).Length, -1, -1, null);
    }

    private static void Integrity(SqliteConnection db, string file)
    {
        var result = Scalar(db, "PRAGMA integrity_check;") as string;
        if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
            throw new InvalidBackupException($"{file} failed SQLite's integrity check: {result}");
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        // No pooling: a pooled handle would keep the file open (and locked on some systems) after we are done with it.
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = file, Mode = mode, Pooling = false,
            DefaultTimeout = DataServiceCollectionExtensions.SqliteBusyTimeoutMs / 1000,
        }.ToString();
        var connection = new SqliteConnection(cs);
        connection.Open();
        Scalar(connection, $"PRAGMA busy_timeout = {DataServiceCollectionExtensions.SqliteBusyTimeoutMs};");
        return connection;
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
