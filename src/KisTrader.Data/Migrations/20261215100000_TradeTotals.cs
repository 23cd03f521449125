using KisTrader.Data.Stores.Totals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Subtotals of the trades per KST day and per KST month, ticker and side (count, value, known P&amp;L, money in
/// ten-thousandths of a won), so the Trades page's totals over a wide period read a few rows a month instead of every
/// trade (docs/benchmarks.md, trade-store); kept up to date by the trade store in the transaction of every write, and
/// filled here from the trades already recorded. Also the (ticker, action, timestamp) index for a ticker and a side
/// within a period (docs/decisions.md).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261215100000_TradeTotals")]
public sealed class TradeTotals : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        foreach (var (table, key) in new[] { (TradeTotalsSql.DayTable, TradeTotalsSql.DayColumn), (TradeTotalsSql.MonthTable, TradeTotalsSql.MonthColumn) })
        {
            m.CreateTable(table, t => new
            {
                bucket = t.Column<int>(name: key, nullable: false),
                ticker = t.Column<string>(maxLength: 6, nullable: false),
                action = t.Column<string>(maxLength: 4, nullable: false),
                trade_count = t.Column<long>(nullable: false),
                value_e4 = t.Column<long>(nullable: false),
                known_7 = t.Column<long>(nullable: false),
                pnl_7_e4 = t.Column<long>(nullable: false),
                known_30 = t.Column<long>(nullable: false),
                pnl_30_e4 = t.Column<long>(nullable: false),
            }, constraints: t => t.PrimaryKey($"PK_{table}", x => new { x.bucket, x.ticker, x.action }));
        }
        m.CreateIndex("idx_trades_ticker_action_timestamp", "trades", ["ticker", "action", "timestamp"]);

        // Backfill, exactly: integers of ten-thousandths (prices and stored P&L have at most 4 decimals).
        string day, scaledPrice, scaled7, scaled30;
        if (m.IsNpgsql())
        {
            day = "CAST(to_char((\"timestamp\" AT TIME ZONE 'UTC') + interval '9 hours', 'YYYYMMDD') AS integer)";
            scaledPrice = "CAST(price * 10000 AS bigint)";
            scaled7 = "CAST(round(pnl_7_days * 10000) AS bigint)";
            scaled30 = "CAST(round(pnl_30_days * 10000) AS bigint)";
        }
        else
        {
            // SQLite keeps decimals as text ("71950.1234"): the integer part and the first four decimals, concatenated.
            static string Scaled(string c) =>
                $"CAST(CASE WHEN instr({c}, '.') = 0 THEN {c} || '0000' ELSE substr({c}, 1, instr({c}, '.') - 1) || substr(substr({c}, instr({c}, '.') + 1) || '0000', 1, 4) END AS INTEGER)";
            day = "CAST(strftime('%Y%m%d', \"timestamp\", '+9 hours') AS INTEGER)";
            scaledPrice = Scaled("price");
            scaled7 = Scaled("pnl_7_days");
            scaled30 = Scaled("pnl_30_days");
        }
        var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
        m.Sql($"""
            INSERT INTO {TradeTotalsSql.DayTable} ("day", ticker, "action", {columns})
            SELECT d, ticker, "action", COUNT(*), SUM(p * quantity), COUNT(pnl_7_days), COALESCE(SUM(p7), 0), COUNT(pnl_30_days), COALESCE(SUM(p30), 0)
            FROM (SELECT {day} AS d, ticker, "action", quantity, {scaledPrice} AS p, pnl_7_days, {scaled7} AS p7, pnl_30_days, {scaled30} AS p30 FROM trades) x
            GROUP BY d, ticker, "action"
            """);
        m.Sql($"""
            INSERT INTO {TradeTotalsSql.MonthTable} ("month", ticker, "action", {columns})
            SELECT "day" / 100, ticker, "action", {string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"SUM({c})"))}
            FROM {TradeTotalsSql.DayTable} GROUP BY "day" / 100, ticker, "action"
            """);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("idx_trades_ticker_action_timestamp", "trades");
        m.DropTable(TradeTotalsSql.MonthTable);
        m.DropTable(TradeTotalsSql.DayTable);
    }
}
