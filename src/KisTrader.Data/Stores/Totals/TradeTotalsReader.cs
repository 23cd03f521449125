using System.Data.Common;
using System.Globalization;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Data.Stores.Totals;

/// <summary>The statements that read everything the totals of a <see cref="TradePeriodSplit"/> need, added to a command
/// that may carry more (the page's rows; one round trip on PostgreSQL): the subtotals of its whole years, whole months and
/// whole days, summed per ticker and side by the database (a few hundred rows a year or month, whatever the number of trades), and the trades of its partial days at either end, added up here
/// (exact decimals on both providers, without EF's per-row <c>ef_sum</c> on SQLite).</summary>
internal sealed class TradeTotalsReader(bool wholeDays, bool edges)
{
    /// <summary>Adds the statements (none, one or two result sets) and their parameters; the caller sets the filter's
    /// <c>@ticker</c> and <c>@action</c> (see <see cref="FilterSql"/>).</summary>
    public static TradeTotalsReader Add(DbCommand cmd, List<string> sql, TradePeriodSplit split, TradeFilter? filter)
    {
        var wholeDays = split.HasWholeDays;
        var edges = split.HeadTrades.From < split.HeadTrades.To || split.TailTrades.From < split.TailTrades.To;
        var where = FilterSql(filter);
        if (wholeDays)
        {
            var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
            var total = string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"SUM({c})"));
            sql.Add($"""
                SELECT ticker, "action", {total} FROM (
                  SELECT ticker, "action", {columns} FROM {TradeTotalsSql.YearTable} WHERE "year" >= @y0 AND "year" < @y1{where}
                  UNION ALL
                  SELECT ticker, "action", {columns} FROM {TradeTotalsSql.MonthTable}
                  WHERE (("month" >= @m0 AND "month" < @m1) OR ("month" >= @m2 AND "month" < @m3)){where}
                  UNION ALL
                  SELECT ticker, "action", {columns} FROM {TradeTotalsSql.DayTable}
                  WHERE (("day" >= @d0 AND "day" < @d1) OR ("day" >= @d2 AND "day" < @d3)){where}
                ) x GROUP BY ticker, "action"
                """);
            Set(cmd, "y0", split.Years.From);
            Set(cmd, "y1", split.Years.To);
            Set(cmd, "m0", split.HeadMonths.From);
            Set(cmd, "m1", split.HeadMonths.To);
            Set(cmd, "m2", split.TailMonths.From);
            Set(cmd, "m3", split.TailMonths.To);
            Set(cmd, "d0", split.HeadDays.From);
            Set(cmd, "d1", split.HeadDays.To);
            Set(cmd, "d2", split.TailDays.From);
            Set(cmd, "d3", split.TailDays.To);
        }
        if (edges)
        {
            // Each end its own range, so each reads one stretch of a (…, timestamp) index.
            const string Row = "SELECT ticker, \"action\", price, quantity, pnl_7_days, pnl_30_days FROM trades";
            sql.Add($"""
                {Row} WHERE "timestamp" >= @h0 AND "timestamp" < @h1{where}
                UNION ALL
                {Row} WHERE "timestamp" >= @t0 AND "timestamp" < @t1{where}
                """);
            Set(cmd, "h0", DateTime.SpecifyKind(split.HeadTrades.From, DateTimeKind.Utc));
            Set(cmd, "h1", DateTime.SpecifyKind(split.HeadTrades.To, DateTimeKind.Utc));
            Set(cmd, "t0", DateTime.SpecifyKind(split.TailTrades.From, DateTimeKind.Utc));
            Set(cmd, "t1", DateTime.SpecifyKind(split.TailTrades.To, DateTimeKind.Utc));
        }
        return new TradeTotalsReader(wholeDays, edges);
    }

    /// <summary>Whether <see cref="Add"/> added any statement (an empty period needs none).</summary>
    public bool HasResults => wholeDays || edges;

    /// <summary>The filter's conditions, " AND …" or "", over columns named as in <c>trades</c> and the subtotal tables.</summary>
    public static string FilterSql(TradeFilter? filter) =>
        (filter?.Ticker is null ? "" : " AND ticker = @ticker") + (filter?.Action is null ? "" : " AND \"action\" = @action");

    /// <summary>Sets the parameters of <see cref="FilterSql"/>.</summary>
    public static void SetFilter(DbCommand cmd, TradeFilter? filter)
    {
        if (filter?.Ticker is { } ticker) Set(cmd, "ticker", ticker);
        if (filter?.Action is { } action) Set(cmd, "action", action.ToText());
    }

    /// <summary>Reads the result sets of <see cref="Add"/>, the reader positioned on the first of them; returns with the reader
    /// on the last (the caller moves on to its own with NextResult).</summary>
    public async Task<IReadOnlyList<TradeSubtotal>> ReadAsync(DbDataReader reader, CancellationToken ct)
    {
        var sums = new Dictionary<(string Ticker, string Action), Sums>();
        if (wholeDays)
        {
            while (await reader.ReadAsync(ct))
            {
                // SUM of bigint is numeric on PostgreSQL and an integer on SQLite.
                long L(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
                var s = At(sums, reader.GetString(0), reader.GetString(1));
                s.Count += L(2);
                s.Value += TradeBuckets.FromScaled(L(3));
                s.Known7 += L(4);
                s.Pnl7 += TradeBuckets.FromScaled(L(5));
                s.Known30 += L(6);
                s.Pnl30 += TradeBuckets.FromScaled(L(7));
            }
            if (edges) await reader.NextResultAsync(ct);
        }
        if (edges)
        {
            while (await reader.ReadAsync(ct))
            {
                var s = At(sums, reader.GetString(0), reader.GetString(1));
                s.Count++;
                s.Value += reader.GetDecimal(2) * reader.GetInt64(3);
                if (!reader.IsDBNull(4))
                {
                    s.Known7++;
                    s.Pnl7 += reader.GetDecimal(4);
                }
                if (!reader.IsDBNull(5))
                {
                    s.Known30++;
                    s.Pnl30 += reader.GetDecimal(5);
                }
            }
        }
        return [.. sums.Where(s => s.Value.Count > 0).Select(s => new TradeSubtotal(s.Key.Ticker,
            TradeActionText.TryParse(s.Key.Action, out var a) ? a : throw new InvalidDataException($"trades row has an unknown action '{s.Key.Action}'."),
            checked((int)s.Value.Count), s.Value.Value, checked((int)s.Value.Known7), s.Value.Pnl7, checked((int)s.Value.Known30), s.Value.Pnl30))];
    }

    private static Sums At(Dictionary<(string, string), Sums> sums, string ticker, string action)
    {
        if (!sums.TryGetValue((ticker, action), out var s)) sums[(ticker, action)] = s = new Sums();
        return s;
    }

    private sealed class Sums
    {
        public long Count;
        public decimal Value;
        public long Known7;
        public decimal Pnl7;
        public long Known30;
        public decimal Pnl30;
    }

    internal static void Set(DbCommand cmd, string name, object value) => TradeTotalsWriter.Parameter(cmd, name).Value = value;
}
