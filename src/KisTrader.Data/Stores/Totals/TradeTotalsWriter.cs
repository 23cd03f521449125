using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace KisTrader.Data.Stores.Totals;

/// <summary>Adds a <see cref="TradeTotalsChange"/> to the subtotal tables inside the caller's transaction (the one that
/// writes the trades), as upserts that add to the row already there. Keys go in sorted, so two PostgreSQL writers lock
/// shared rows in the same order and cannot deadlock on them.</summary>
internal static class TradeTotalsWriter
{
    public static async Task ApplyAsync(DbConnection conn, DbTransaction tx, TradeTotalsChange change, CancellationToken ct)
    {
        await ApplyAsync(conn, tx, TradeTotalsSql.DayTable, change.Days, ct);
        await ApplyAsync(conn, tx, TradeTotalsSql.MonthTable, change.Months, ct);
        await ApplyAsync(conn, tx, TradeTotalsSql.YearTable, change.Years, ct);
        await ApplyAsync(conn, tx, TradeTotalsSql.SideTable, change.Sides, ct);
    }

    private static async Task ApplyAsync(DbConnection conn, DbTransaction tx, string table, Dictionary<TradeBucketKey, TradeAmounts> rows, CancellationToken ct)
    {
        var keys = rows.Where(r => !r.Value.IsZero).Select(r => r.Key)
            .OrderBy(k => k.Bucket).ThenBy(k => k.Ticker, StringComparer.Ordinal).ThenBy(k => k.Action, StringComparer.Ordinal).ToList();
        if (keys.Count == 0) return;
        // The side table has no ticker column: its rows are every ticker of a side together.
        var perTicker = table != TradeTotalsSql.SideTable;
        var key = TradeTotalsSql.KeyColumn(table);
        var keyColumns = perTicker ? $"\"{key}\", ticker, \"action\"" : $"\"{key}\", \"action\"";
        var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
        var update = string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"{c} = {table}.{c} + excluded.{c}"));
        var conflict = $"ON CONFLICT ({keyColumns}) DO UPDATE SET {update}";
        if (conn is NpgsqlConnection)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            // One statement for the whole change: the keys and amounts as arrays, unnested into rows.
            cmd.CommandText = $"INSERT INTO {table} ({keyColumns}, {columns}) SELECT * FROM unnest(@k, " + (perTicker ? "@t, " : "") + "@a, "
                + string.Join(", ", TradeTotalsSql.AmountColumns.Select((_, i) => $"@v{i}")) + $") {conflict}";
            cmd.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.Bucket).ToArray() });
            if (perTicker)
                cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.Ticker).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("a", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.Action).ToArray() });
            for (var i = 0; i < TradeTotalsSql.AmountColumns.Length; i++)
            {
                var column = i;
                cmd.Parameters.Add(new NpgsqlParameter($"v{i}", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                    { Value = keys.Select(k => TradeTotalsSql.Values(rows[k])[column]).ToArray() });
            }
            await cmd.ExecuteNonQueryAsync(ct);
        }
        else
        {
            // SQLite: 50 keys per statement; a key appears once in the change, so no statement upserts a row twice.
            await SqliteMultiRowInsert.ExecuteAsync(conn, tx, $"INSERT INTO {table} ({keyColumns}, {columns})", conflict,
                (perTicker ? 3 : 2) + TradeTotalsSql.AmountColumns.Length, keys,
                k => [k.Bucket, .. (perTicker ? new object?[] { k.Ticker } : []), k.Action, .. TradeTotalsSql.Values(rows[k]).Cast<object?>()], ct);
        }
        await DeleteEmptiedAsync(conn, tx, table, key, perTicker, [.. keys.Where(k => rows[k].Count < 0)], ct);
    }

    /// <summary>Deletes the rows a change left without trades (a trade moved to another day by its execution): a count of
    /// zero means every amount is zero, and the page counts tickers by the keys present (<see cref="TradeTotalsReader"/>).</summary>
    private static async Task DeleteEmptiedAsync(DbConnection conn, DbTransaction tx, string table, string key, bool perTicker,
        List<TradeBucketKey> decreased, CancellationToken ct)
    {
        foreach (var k in decreased)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"DELETE FROM {table} WHERE \"{key}\" = @k AND \"action\" = @a AND trade_count = 0" + (perTicker ? " AND ticker = @t" : "");
            Parameter(cmd, "k").Value = k.Bucket;
            Parameter(cmd, "a").Value = k.Action;
            if (perTicker) Parameter(cmd, "t").Value = k.Ticker;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    internal static DbParameter Parameter(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }
}
