using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KisTrader.Tests.Data;

/// <summary>
/// A real PostgreSQL server for the provider tests: started from Debian's packages (./test.sh
/// installs them) in a temporary directory on a free loopback port, stopped at the end. When
/// KISTRADER_TEST_POSTGRES holds a connection string, that server is used instead.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _dir;
    private int _port;
    private string? _bin;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("KISTRADER_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_bin is null)
            throw new InvalidOperationException("PostgreSQL is not installed: run ./test.sh (it installs Debian's postgresql) or set KISTRADER_TEST_POSTGRES.");

        _dir = Path.Combine(Path.GetTempPath(), "kistrader-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_dir);
        _port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await Run("chown", "postgres:postgres", _dir);
        await RunAs(asRoot, $"{_bin}/initdb -D {_dir}/pg -A trust -U postgres --no-sync");
        await RunAs(asRoot, $"{_bin}/pg_ctl -D {_dir}/pg -o \"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off\" -l {_dir}/pg.log -w start");
        ConnectionString = $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";
    }

    public async Task DisposeAsync()
    {
        if (_dir is null || _bin is null) return;
        try { await RunAs(Environment.UserName == "root", $"{_bin}/pg_ctl -D {_dir}/pg -m immediate -w stop"); }
        finally { try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
    }

    /// <summary>A fresh, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "kt_" + Guid.NewGuid().ToString("N")[..12];
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE {name}";
        await cmd.ExecuteNonQueryAsync();
        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = name };
        return b.ConnectionString;
    }

    // initdb and postgres refuse to run as root: as root, run them as the postgres user.
    private static Task RunAs(bool asRoot, string command) =>
        asRoot ? Run("su", "postgres", "-s", "/bin/bash", "-c", command) : Run("/bin/bash", "-c", command);

    private static async Task Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', args)}' failed ({p.ExitCode}): {await stdout} {await stderr}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
