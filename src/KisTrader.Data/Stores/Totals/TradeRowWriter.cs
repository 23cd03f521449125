using System.Data.Common;
using KisTrader.Data.Entities;
using Npgsql;
using NpgsqlTypes;

namespace KisTrader.Data.Stores.Totals;

/// <summary>Inserts trade rows inside the caller's transaction without EF's change tracking: on SQLite INSERTs of 50 rows
/// each (SqliteMultiRowInsert), on PostgreSQL one INSERT … SELECT FROM unnest(arrays) for the whole batch (one round
/// trip). The values are written as EF writes them (SQLite: the same text forms for dates and decimals).</summary>
internal static class TradeRowWriter
{
    /// <summary>Every column of <c>trades</c>, in the order the writer and <see cref="TradePageRows"/> use.</summary>
    internal const string Columns = "trade_id, \"timestamp\", ordered_at, ticker, \"action\", quantity, price, justification_text, market_snapshot, "
        + "portfolio_before, pnl_7_days, pnl_30_days, ml_probability, ml_model_version";

    public static async Task InsertAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<TradeEntity> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        if (conn is NpgsqlConnection)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO trades ({Columns}) SELECT * FROM unnest(@c0, @c1, @c2, @c3, @c4, @c5, @c6, @c7, @c8, @c9, @c10, @c11, @c12, @c13)";
            Add(cmd, 0, NpgsqlDbType.Text, rows.Select(r => r.TradeId).ToArray());
            Add(cmd, 1, NpgsqlDbType.TimestampTz, rows.Select(r => Utc(r.Timestamp)).ToArray());
            Add(cmd, 2, NpgsqlDbType.TimestampTz, rows.Select(r => r.OrderedAt is { } o ? Utc(o) : (DateTime?)null).ToArray());
            Add(cmd, 3, NpgsqlDbType.Text, rows.Select(r => r.Ticker).ToArray());
            Add(cmd, 4, NpgsqlDbType.Text, rows.Select(r => r.Action).ToArray());
            Add(cmd, 5, NpgsqlDbType.Bigint, rows.Select(r => r.Quantity).ToArray());
            Add(cmd, 6, NpgsqlDbType.Numeric, rows.Select(r => r.Price).ToArray());
            Add(cmd, 7, NpgsqlDbType.Text, rows.Select(r => r.JustificationText).ToArray());
            Add(cmd, 8, NpgsqlDbType.Text, rows.Select(r => r.MarketSnapshot).ToArray());
            Add(cmd, 9, NpgsqlDbType.Text, rows.Select(r => r.PortfolioBefore).ToArray());
            Add(cmd, 10, NpgsqlDbType.Numeric, rows.Select(r => r.Pnl7Days).ToArray());
            Add(cmd, 11, NpgsqlDbType.Numeric, rows.Select(r => r.Pnl30Days).ToArray());
            Add(cmd, 12, NpgsqlDbType.Numeric, rows.Select(r => r.MlProbability).ToArray());
            Add(cmd, 13, NpgsqlDbType.Text, rows.Select(r => r.MlModelVersion).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
            return;
        }
        await SqliteMultiRowInsert.ExecuteAsync(conn, tx, $"INSERT INTO trades ({Columns})", "", 14, rows as IReadOnlyList<TradeEntity> ?? [.. rows],
            r => [r.TradeId, Utc(r.Timestamp), r.OrderedAt is { } o ? Utc(o) : null, r.Ticker, r.Action, r.Quantity, r.Price, r.JustificationText,
                r.MarketSnapshot, r.PortfolioBefore, r.Pnl7Days, r.Pnl30Days, r.MlProbability, r.MlModelVersion], ct);
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static void Add<T>(DbCommand cmd, int i, NpgsqlDbType type, T[] values) =>
        cmd.Parameters.Add(new NpgsqlParameter("c" + i, NpgsqlDbType.Array | type) { Value = values });
}
