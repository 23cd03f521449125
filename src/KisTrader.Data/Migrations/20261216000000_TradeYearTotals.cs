using KisTrader.Data.Stores.Totals;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Subtotals of the trades per KST year, ticker and side, beside the day and month ones (migration TradeTotals),
/// so the Trades page's totals over several years read a few hundred rows a year instead of a few hundred a month
/// (docs/benchmarks.md, trade-store); kept up to date by the trade store with the others, and filled here from the month
/// subtotals already there (the same integers on both providers).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261216000000_TradeYearTotals")]
public sealed class TradeYearTotals : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable(TradeTotalsSql.YearTable, t => new
        {
            year = t.Column<int>(name: TradeTotalsSql.YearColumn, nullable: false),
            ticker = t.Column<string>(maxLength: 6, nullable: false),
            action = t.Column<string>(maxLength: 4, nullable: false),
            trade_count = t.Column<long>(nullable: false),
            value_e4 = t.Column<long>(nullable: false),
            known_7 = t.Column<long>(nullable: false),
            pnl_7_e4 = t.Column<long>(nullable: false),
            known_30 = t.Column<long>(nullable: false),
            pnl_30_e4 = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey($"PK_{TradeTotalsSql.YearTable}", x => new { x.year, x.ticker, x.action }));
        m.Sql($"""
            INSERT INTO {TradeTotalsSql.YearTable} ("year", ticker, "action", {string.Join(", ", TradeTotalsSql.AmountColumns)})
            SELECT "month" / 100, ticker, "action", {string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"SUM({c})"))}
            FROM {TradeTotalsSql.MonthTable} GROUP BY "month" / 100, ticker, "action"
            """);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable(TradeTotalsSql.YearTable);
}
