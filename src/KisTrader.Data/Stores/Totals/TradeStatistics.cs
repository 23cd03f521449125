using System.Data.Common;
using Npgsql;

namespace KisTrader.Data.Stores.Totals;

/// <summary>Keeps PostgreSQL's planner statistics of the trade tables from falling far behind a bulk load. Autovacuum
/// analyses a table about once a minute at most; a batch import writes many thousands of trades in that time, and until
/// the first ANALYZE the planner guesses a period's rows at 0.5% of the table, so it sorted all 100,000 trades for page 41
/// of "All" instead of walking the timestamp index for 1,025 (docs/benchmarks.md, trade-store). After a batch, when the
/// trades table was never analysed or has more than doubled since (pages now against pages at the last ANALYZE), the
/// store analyses it and its subtotal tables: a handful of times over a table's growth, each sampling at most a few
/// tens of thousands of rows. SQLite's planner uses no statistics the app would keep (docs/decisions.md).</summary>
internal static class TradeStatistics
{
    /// <summary>Below this many pages (~3,000 trades) any plan is fast; autovacuum is left to it.</summary>
    private const long MinimumPages = 100;

    public static async Task RefreshIfStaleAsync(DbConnection conn, CancellationToken ct)
    {
        if (conn is not NpgsqlConnection) return;
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint, c.relpages::bigint,
                   s.last_analyze IS NULL AND s.last_autoanalyze IS NULL
            FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'trades'::regclass
            """;
        long pages, known;
        bool never;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return;
            (pages, known, never) = (r.GetInt64(0), r.GetInt64(1), r.GetBoolean(2));
        }
        if (pages < MinimumPages || (!never && pages <= 2 * known)) return;
        // SKIP_LOCKED: if autovacuum is analysing one of them right now, that one is being taken care of.
        cmd.CommandText = $"ANALYZE (SKIP_LOCKED) trades, {TradeTotalsSql.DayTable}, {TradeTotalsSql.MonthTable}, {TradeTotalsSql.YearTable}, {TradeTotalsSql.SideTable}";
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
