using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KisTrader.Data;

/// <summary>
/// Per-connection SQLite settings: wait for a busy writer instead of failing, enforce foreign keys, and a page cache of
/// up to 32 MiB instead of SQLite's 2 MiB: at a million trades the trade tables' indexes are ~250 MB, and with 2 MiB
/// nearly every index insert and subtotal read missed the cache (a read from the OS per page), which more than
/// doubled the CPU of a batch insert (docs/benchmarks.md, trade-store; docs/decisions.md). The cache fills only with
/// pages read, so a small database costs no more than its size. WAL mode is persistent in the file and is set once by
/// <see cref="DatabaseInitializer"/>.
/// </summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutMs) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Pragmas => $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;";

    private void Apply(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
    }
}
