using System.Data.Common;
using KisTrader.Data.Entities;
using Npgsql;
using NpgsqlTypes;

namespace KisTrader.Data.Stores.Totals;

/// <summary>Inserts trade rows inside the caller's transaction without EF's change tracking: on SQLite one prepared
/// INSERT reused for every row, on PostgreSQL one INSERT … SELECT FROM unnest(arrays) for the whole batch (one round
/// trip). The values are written as EF writes them (SQLite: the same text forms for dates and decimals).</summary>
internal static class TradeRowWriter
{
    private const string Columns = "trade_id, \"timestamp\", ordered_at, ticker, \"action\", quantity, price, justification_text, market_snapshot, "
        + "portfolio_before, pnl_7_days, pnl_30_days, ml_probability, ml_model_version";

    public static async Task InsertAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<TradeEntity> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        if (conn is NpgsqlConnection)
        {
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
        cmd.CommandText = $"INSERT INTO trades ({Columns}) VALUES (@c0, @c1, @c2, @c3, @c4, @c5, @c6, @c7, @c8, @c9, @c10, @c11, @c12, @c13)";
        var p = Enumerable.Range(0, 14).Select(i => TradeTotalsWriter.Parameter(cmd, "c" + i)).ToArray();
        var prepared = false;
        foreach (var r in rows)
        {
            p[0].Value = r.TradeId;
            p[1].Value = Utc(r.Timestamp);
            p[2].Value = r.OrderedAt is { } o ? Utc(o) : DBNull.Value;
            p[3].Value = r.Ticker;
            p[4].Value = r.Action;
            p[5].Value = r.Quantity;
            p[6].Value = r.Price;
            p[7].Value = r.JustificationText;
            p[8].Value = r.MarketSnapshot;
            p[9].Value = r.PortfolioBefore;
            p[10].Value = (object?)r.Pnl7Days ?? DBNull.Value;
            p[11].Value = (object?)r.Pnl30Days ?? DBNull.Value;
            p[12].Value = (object?)r.MlProbability ?? DBNull.Value;
            p[13].Value = (object?)r.MlModelVersion ?? DBNull.Value;
            if (!prepared)
            {
                await cmd.PrepareAsync(ct);
                prepared = true;
            }
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static void Add<T>(DbCommand cmd, int i, NpgsqlDbType type, T[] values) =>
        cmd.Parameters.Add(new NpgsqlParameter("c" + i, NpgsqlDbType.Array | type) { Value = values });
}
