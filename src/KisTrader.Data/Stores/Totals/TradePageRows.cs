using System.Data.Common;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Data.Entities;

namespace KisTrader.Data.Stores.Totals;

/// <summary>The Trades page's rows in its own order (newest or oldest first, then trade id) as one more statement of the
/// totals' command, so a page view is one command (one round trip on PostgreSQL) and no LINQ translation; the order a
/// (…, timestamp) index serves, stopping after skip + take rows. The other sorts order every matching trade anyway and
/// stay in EF (EfTradeStore.Sorted). Values are read as EF reads them (SQLite: the text forms of dates and decimals).</summary>
internal static class TradePageRows
{
    public static bool Serves(TradeQuery query) => query.Sort == TradeSort.Timestamp;

    /// <summary>Adds the statement; <paramref name="indexedBy"/> names the SQLite index for a ticker and a side (see
    /// EfTradeStore.RowSource). The filter's parameters are the caller's (TradeTotalsReader.SetFilter).</summary>
    public static void Add(DbCommand cmd, List<string> sql, TradeQuery query, string? indexedBy)
    {
        var dir = query.Descending ? "DESC" : "ASC";
        sql.Add($"""
            SELECT {TradeRowWriter.Columns} FROM trades{(indexedBy is null ? "" : " INDEXED BY " + indexedBy)}
            WHERE "timestamp" >= @pf AND "timestamp" < @pt{TradeTotalsReader.FilterSql(query.Filter)}
            ORDER BY "timestamp" {dir}, trade_id {dir} LIMIT @take OFFSET @skip
            """);
        TradeTotalsReader.Set(cmd, "pf", Utc(query.From, DateTime.MinValue));
        TradeTotalsReader.Set(cmd, "pt", Utc(query.To, DateTime.MaxValue));
        TradeTotalsReader.Set(cmd, "take", query.Take);
        TradeTotalsReader.Set(cmd, "skip", query.Skip);
    }

    public static async Task<List<TradeRecord>> ReadAsync(DbDataReader r, CancellationToken ct)
    {
        var rows = new List<TradeRecord>();
        while (await r.ReadAsync(ct))
        {
            rows.Add(new TradeEntity
            {
                TradeId = r.GetString(0),
                Timestamp = r.GetDateTime(1),
                OrderedAt = r.IsDBNull(2) ? null : r.GetDateTime(2),
                Ticker = r.GetString(3),
                Action = r.GetString(4),
                Quantity = r.GetInt64(5),
                Price = r.GetDecimal(6),
                JustificationText = r.GetString(7),
                MarketSnapshot = r.GetString(8),
                PortfolioBefore = r.GetString(9),
                Pnl7Days = r.IsDBNull(10) ? null : r.GetDecimal(10),
                Pnl30Days = r.IsDBNull(11) ? null : r.GetDecimal(11),
                MlProbability = r.IsDBNull(12) ? null : r.GetDecimal(12),
                MlModelVersion = r.IsDBNull(13) ? null : r.GetString(13),
            }.ToRecord());
        }
        return rows;
    }

    /// <summary>The period's bound as EF's InPeriod passes it: UTC, the open ends as DateTime's extremes.</summary>
    private static DateTime Utc(DateTimeOffset bound, DateTime open) =>
        DateTime.SpecifyKind(bound == DateTimeOffset.MinValue || bound == DateTimeOffset.MaxValue ? open : bound.UtcDateTime, DateTimeKind.Utc);
}
