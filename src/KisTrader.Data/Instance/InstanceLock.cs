using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KisTrader.Data.Instance;

/// <summary>
/// One KisTrader process per database. Two processes on one database would each run the schedule, reconcile the same
/// orders and send their own decisions: duplicate orders. Every process that trades or changes the schema (the web
/// app, <c>graph run</c>, <c>reflect</c>, <c>restore</c>) holds this for its lifetime. The operating system lets go
/// when the holder dies, however it dies, so a restart after a crash never waits for a lease to expire.
/// SQLite: an exclusive lock on <c>kistrader.lock</c> beside the database (flock; same machine, which is where
/// a SQLite file is shared). PostgreSQL: a session advisory lock keyed on the database and schema, on a connection
/// kept open for the purpose (any machine).
/// </summary>
public sealed class InstanceLock : IAsyncDisposable, IDisposable
{
    /// <summary>The PostgreSQL lock connection's application name (what <c>pg_stat_activity</c> shows).</summary>
    public const string ApplicationName = "KisTrader instance lock";

    private readonly FileStream? _file;
    private readonly string? _connectionString;
    private readonly SemaphoreSlim _verifying = new(1, 1);
    private NpgsqlConnection? _connection;

    private InstanceLock(FileStream? file, NpgsqlConnection? connection, string? connectionString = null)
    {
        _file = file;
        _connection = connection;
        _connectionString = connectionString;
    }

    /// <summary>What holds it: the lock file, or the PostgreSQL database and schema.</summary>
    public string Resource { get; private init; } = "";

    /// <param name="holder">Who asks (e.g. "web app", "graph run"); named to whoever is refused next.</param>
    /// <exception cref="InstanceLockedException">Another process holds it.</exception>
    public static async Task<InstanceLock> AcquireAsync(DatabaseProvider provider, string connectionString, string holder,
        TimeProvider time, CancellationToken ct = default) => provider switch
    {
        DatabaseProvider.Sqlite => AcquireFile(connectionString, holder, time),
        DatabaseProvider.PostgreSql => await AcquireAdvisoryAsync(connectionString, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    private static InstanceLock AcquireFile(string connectionString, string holder, TimeProvider time)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        // An in-memory database belongs to its process already.
        if (csb.Mode == SqliteOpenMode.Memory || csb.DataSource is "" or ":memory:")
            return new InstanceLock(null, null) { Resource = "in-memory database" };

        // .NET can be told to skip file locks; the lock would then be taken by everyone and protect nothing.
        if (FileLockingDisabled())
            throw new InstanceLockedException(
                "File locking is disabled (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), so KisTrader "
                + "cannot make sure it is the only process on its database. Unset it.");
        var database = Path.GetFullPath(csb.DataSource);
        var lockPath = Path.ChangeExtension(database, ".lock");
        var ownerPath = Path.ChangeExtension(database, ".lock-owner");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Unix (and a share-mode lock on Windows): released by the kernel
            // when this process exits, is killed or crashes.
            file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = File.Exists(ownerPath) ? TryRead(ownerPath) : null;
            throw Refusal($"{database} ({(owner is null ? "it holds " + lockPath : owner)})");
        }
        // The lock file itself cannot be read by anyone else while held, so who holds it goes beside it.
        var owned = string.Create(CultureInfo.InvariantCulture,
            $"{holder}, process {Environment.ProcessId} on {Environment.MachineName}, since {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC");
        try { File.WriteAllText(ownerPath, owned); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return new InstanceLock(file, null) { Resource = lockPath };
    }

    private static async Task<InstanceLock> AcquireAdvisoryAsync(string connectionString, CancellationToken ct)
    {
        var (connection, resource) = await OpenAdvisoryAsync(connectionString, ct);
        return new InstanceLock(null, connection, connectionString) { Resource = resource };
    }

    /// <summary>A connection of its own holding the advisory lock, and what it locks.</summary>
    private static async Task<(NpgsqlConnection Connection, string Resource)> OpenAdvisoryAsync(string connectionString, CancellationToken ct)
    {
        // Its own connection, outside any pool, so that the lock lives exactly as long as the connection.
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30, ApplicationName = ApplicationName };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT pg_try_advisory_lock(hashtextextended('kistrader:' || current_database() || ':' || current_schema(), 0)), "
                + "current_database(), current_schema()";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var acquired = reader.GetBoolean(0);
            var resource = $"PostgreSQL database {reader.GetString(1)}, schema {reader.GetString(2)}";
            if (!acquired) throw Refusal($"the {resource} (it holds its advisory lock)");
            return (connection, resource);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static InstanceLockedException Refusal(string what) =>
        new($"Another KisTrader process is using {what}. Stop it first: two processes on one database would both trade.");

    /// <summary>
    /// Whether this process still holds it. A file lock lasts as long as the process; a PostgreSQL session lock lasts as
    /// long as its connection, which the server may drop (a restart, an administrator). Then it is taken again if it is
    /// free; if another process took it meanwhile, that is <see cref="InstanceLockState.TakenByAnother"/>.
    /// </summary>
    public async Task<InstanceLockCheck> VerifyAsync(CancellationToken ct = default)
    {
        if (_connectionString is null) return new InstanceLockCheck(InstanceLockState.Held, Resource);
        await _verifying.WaitAsync(ct);
        try
        {
            try
            {
                await using var cmd = _connection!.CreateCommand();
                cmd.CommandText = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()";
                if (Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0)
                    return new InstanceLockCheck(InstanceLockState.Held, Resource);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection is gone (with the lock); fall through to take it again.
            }
            await _connection!.DisposeAsync();
            try
            {
                (_connection, _) = await OpenAdvisoryAsync(_connectionString, ct);
                return new InstanceLockCheck(InstanceLockState.Retaken, $"{Resource}: the lock's connection was lost and the lock taken again");
            }
            catch (InstanceLockedException ex)
            {
                return new InstanceLockCheck(InstanceLockState.TakenByAnother, ex.Message);
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return new InstanceLockCheck(InstanceLockState.Unreachable, $"{Resource}: the lock's connection was lost and the server cannot be reached ({ex.Message})");
            }
        }
        finally
        {
            _verifying.Release();
        }
    }

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var on) && on)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "True" or "TRUE";

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _connection?.Dispose();
        _verifying.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null) await _file.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        _verifying.Dispose();
    }
}
