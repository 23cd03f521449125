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
    }

    private static async Task ApplyAsync(DbConnection conn, DbTransaction tx, string table, Dictionary<TradeBucketKey, TradeAmounts> rows, CancellationToken ct)
    {
        var keys = rows.Where(r => !r.Value.IsZero).Select(r => r.Key)
            .OrderBy(k => k.Bucket).ThenBy(k => k.Ticker, StringComparer.Ordinal).ThenBy(k => k.Action, StringComparer.Ordinal).ToList();
        if (keys.Count == 0) return;
        var key = TradeTotalsSql.KeyColumn(table);
        var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
        var update = string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"{c} = {table}.{c} + excluded.{c}"));
        var conflict = $"ON CONFLICT (\"{key}\", ticker, \"action\") DO UPDATE SET {update}";
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        if (conn is NpgsqlConnection)
        {
            // One statement for the whole change: the keys and amounts as arrays, unnested into rows.
            cmd.CommandText = $"INSERT INTO {table} (\"{key}\", ticker, \"action\", {columns}) SELECT * FROM unnest(@k, @t, @a, "
                + string.Join(", ", TradeTotalsSql.AmountColumns.Select((_, i) => $"@v{i}")) + $") {conflict}";
            cmd.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.Bucket).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.Ticker).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("a", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.Action).ToArray() });
            for (var i = 0; i < TradeTotalsSql.AmountColumns.Length; i++)
            {
                var column = i;
                cmd.Parameters.Add(new NpgsqlParameter($"v{i}", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                    { Value = keys.Select(k => TradeTotalsSql.Values(rows[k])[column]).ToArray() });
            }
            await cmd.ExecuteNonQueryAsync(ct);
            return;
        }
        // SQLite: one prepared statement, run once a key (no round trips in-process; preparing once is what is saved).
        cmd.CommandText = $"INSERT INTO {table} (\"{key}\", ticker, \"action\", {columns}) VALUES (@k, @t, @a, "
            + string.Join(", ", TradeTotalsSql.AmountColumns.Select((_, i) => $"@v{i}")) + $") {conflict}";
        var p = new DbParameter[3 + TradeTotalsSql.AmountColumns.Length];
        p[0] = Parameter(cmd, "k");
        p[1] = Parameter(cmd, "t");
        p[2] = Parameter(cmd, "a");
        for (var i = 0; i < TradeTotalsSql.AmountColumns.Length; i++) p[3 + i] = Parameter(cmd, $"v{i}");
        foreach (var k in keys)
        {
            p[0].Value = k.Bucket;
            p[1].Value = k.Ticker;
            p[2].Value = k.Action;
            var values = TradeTotalsSql.Values(rows[k]);
            for (var i = 0; i < values.Length; i++) p[3 + i].Value = values[i];
            if (k == keys[0]) await cmd.PrepareAsync(ct);
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
