using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KisTrader.Testing;

/// <summary>
/// A private PostgreSQL server from Debian's packages (./test.sh and ./bench.sh install them), in a temporary directory
/// on a free loopback port, stopped by <see cref="StopAsync"/>. Used by the provider tests and the trade-store benchmark.
/// When KISTRADER_TEST_POSTGRES holds a connection string, that server is used instead and nothing is started.
/// </summary>
public sealed class PrivatePostgres
{
    private string? _dir;
    private string? _bin;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The server's major version directory (e.g. "15"), or "external".</summary>
    public string Version => _bin is null ? "external" : Path.GetFileName(Path.GetDirectoryName(_bin)!);

    public async Task StartAsync()
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
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await Run("chown", "postgres:postgres", _dir);
        await RunAs(asRoot, $"{_bin}/initdb -D {_dir}/pg -A trust -U postgres --no-sync");
        await RunAs(asRoot, $"{_bin}/pg_ctl -D {_dir}/pg -o \"-p {port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off\" -l {_dir}/pg.log -w start");
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    public async Task StopAsync()
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
