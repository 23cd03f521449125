using System.Data.Common;
using System.Globalization;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Data.Stores.Totals;

/// <summary>The statements that read everything the totals of a <see cref="TradePeriodSplit"/> need, added to a command
/// that may carry more (the page's rows; one round trip on PostgreSQL). Whole years, months and days come from the subtotal
/// tables: without a ticker filter, the side rows (two a period, every ticker together) and the tickers present (the
/// per-ticker tables' keys, read from their primary key alone); with one, that ticker's rows. The trades of the partial
/// days at either end are added up here (exact decimals on both providers, without EF's per-row <c>ef_sum</c> on SQLite).</summary>
internal sealed class TradeTotalsReader(bool wholeDays, bool bySide, bool edges)
{
    /// <summary>Adds the statements (none to three result sets) and their parameters; the caller sets the filter's
    /// <c>@ticker</c> and <c>@action</c> (see <see cref="FilterSql"/>).</summary>
    public static TradeTotalsReader Add(DbCommand cmd, List<string> sql, TradePeriodSplit split, TradeFilter? filter)
    {
        var wholeDays = split.HasWholeDays;
        var bySide = filter?.Ticker is null;
        var edges = split.HeadTrades.From < split.HeadTrades.To || split.TailTrades.From < split.TailTrades.To;
        var where = FilterSql(filter);
        if (wholeDays)
        {
            // The split's ranges over a key column: the per-ticker tables' own, or the side table's one for all levels.
            static string Years(string key) => $"\"{key}\" >= @y0 AND \"{key}\" < @y1";
            static string Months(string key) => $"((\"{key}\" >= @m0 AND \"{key}\" < @m1) OR (\"{key}\" >= @m2 AND \"{key}\" < @m3))";
            static string Days(string key) => $"((\"{key}\" >= @d0 AND \"{key}\" < @d1) OR (\"{key}\" >= @d2 AND \"{key}\" < @d3))";
            const string Y = TradeTotalsSql.YearColumn, M = TradeTotalsSql.MonthColumn, D = TradeTotalsSql.DayColumn, P = TradeTotalsSql.PeriodColumn;
            var total = string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"SUM({c})"));
            if (bySide)
            {
                // The three levels' keys have 8, 6 and 4 digits, so the ranges cannot meet.
                sql.Add($"""
                    SELECT "action", {total} FROM {TradeTotalsSql.SideTable}
                    WHERE ({Years(P)} OR {Months(P)} OR {Days(P)}){where}
                    GROUP BY "action"
                    """);
                sql.Add($"""
                    SELECT ticker FROM {TradeTotalsSql.YearTable} WHERE {Years(Y)}{where}
                    UNION
                    SELECT ticker FROM {TradeTotalsSql.MonthTable} WHERE {Months(M)}{where}
                    UNION
                    SELECT ticker FROM {TradeTotalsSql.DayTable} WHERE {Days(D)}{where}
                    """);
            }
            else
            {
                var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
                sql.Add($"""
                    SELECT "action", {total} FROM (
                      SELECT "action", {columns} FROM {TradeTotalsSql.YearTable} WHERE {Years(Y)}{where}
                      UNION ALL
                      SELECT "action", {columns} FROM {TradeTotalsSql.MonthTable} WHERE {Months(M)}{where}
                      UNION ALL
                      SELECT "action", {columns} FROM {TradeTotalsSql.DayTable} WHERE {Days(D)}{where}
                    ) x GROUP BY "action"
                    """);
            }
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
        return new TradeTotalsReader(wholeDays, bySide, edges);
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
    /// on the last (the caller moves on to its own with NextResult). <paramref name="ticker"/>: the filter's, if any.</summary>
    public async Task<TradeSummary> ReadAsync(DbDataReader reader, string? ticker, CancellationToken ct)
    {
        var buy = new Sums();
        var sell = new Sums();
        var tickers = new HashSet<string>(StringComparer.Ordinal);
        if (wholeDays)
        {
            while (await reader.ReadAsync(ct))
            {
                // SUM of bigint is numeric on PostgreSQL and an integer on SQLite.
                long L(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
                var s = Side(reader.GetString(0), buy, sell);
                s.Count += L(1);
                s.Value += TradeBuckets.FromScaled(L(2));
                s.Known7 += L(3);
                s.Pnl7 += TradeBuckets.FromScaled(L(4));
                s.Known30 += L(5);
                s.Pnl30 += TradeBuckets.FromScaled(L(6));
            }
            if (bySide)
            {
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct)) tickers.Add(reader.GetString(0));
            }
            else if (buy.Count + sell.Count > 0)
                tickers.Add(ticker!);
            if (edges) await reader.NextResultAsync(ct);
        }
        if (edges)
        {
            while (await reader.ReadAsync(ct))
            {
                var s = Side(reader.GetString(1), buy, sell);
                tickers.Add(reader.GetString(0));
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
        return new TradeSummary(checked((int)(buy.Count + sell.Count)), tickers.Count, buy.Value, sell.Value,
            checked((int)(buy.Known7 + sell.Known7)), buy.Pnl7 + sell.Pnl7, checked((int)(buy.Known30 + sell.Known30)), buy.Pnl30 + sell.Pnl30);
    }

    private static Sums Side(string action, Sums buy, Sums sell) =>
        TradeActionText.TryParse(action, out var a)
            ? a == TradeAction.Buy ? buy : sell
            : throw new InvalidDataException($"trades row has an unknown action '{action}'.");

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
