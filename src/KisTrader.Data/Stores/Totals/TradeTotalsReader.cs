using System.Data.Common;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Data.Stores.Totals;

/// <summary>Reads the subtotals of whole months and whole days of a <see cref="TradePeriodSplit"/>, per ticker and side,
/// in one statement (a few hundred rows a month, whatever the number of trades).</summary>
internal static class TradeTotalsReader
{
    public static async Task<List<(string Ticker, string Action, TradeAmounts Amounts)>> ReadAsync(DbConnection conn, TradePeriodSplit split,
        TradeFilter? filter, CancellationToken ct)
    {
        var result = new List<(string, string, TradeAmounts)>();
        if (split.Months.From == split.Months.To && split.HeadDays.From == split.HeadDays.To && split.TailDays.From == split.TailDays.To)
            return result;
        var where = (filter?.Ticker is null ? "" : " AND ticker = @ticker") + (filter?.Action is null ? "" : " AND \"action\" = @action");
        var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
        var sums = string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"SUM({c})"));
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            SELECT ticker, "action", {sums} FROM (
              SELECT ticker, "action", {columns} FROM {TradeTotalsSql.MonthTable} WHERE "month" >= @m0 AND "month" < @m1{where}
              UNION ALL
              SELECT ticker, "action", {columns} FROM {TradeTotalsSql.DayTable}
              WHERE (("day" >= @d0 AND "day" < @d1) OR ("day" >= @d2 AND "day" < @d3)){where}
            ) x GROUP BY ticker, "action"
            """;
        Set(cmd, "m0", split.Months.From);
        Set(cmd, "m1", split.Months.To);
        Set(cmd, "d0", split.HeadDays.From);
        Set(cmd, "d1", split.HeadDays.To);
        Set(cmd, "d2", split.TailDays.From);
        Set(cmd, "d3", split.TailDays.To);
        if (filter?.Ticker is { } ticker) Set(cmd, "ticker", ticker);
        if (filter?.Action is { } action) Set(cmd, "action", action.ToText());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // SUM of bigint is numeric on PostgreSQL and an integer on SQLite.
            long L(int i) => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            result.Add((reader.GetString(0), reader.GetString(1),
                new TradeAmounts { Count = L(2), Value = L(3), Known7 = L(4), Pnl7 = L(5), Known30 = L(6), Pnl30 = L(7) }));
        }
        return result;
    }

    private static void Set(DbCommand cmd, string name, object value) => TradeTotalsWriter.Parameter(cmd, name).Value = value;
}
