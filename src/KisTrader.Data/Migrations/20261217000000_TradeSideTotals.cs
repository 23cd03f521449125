using KisTrader.Data.Stores.Totals;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Subtotals of the trades per side alone (every ticker together) for each KST day, month and year, so the Trades
/// page's totals without a ticker filter sum a few rows a period instead of one per ticker (docs/benchmarks.md,
/// trade-store: 400 a day at 1,000,000 trades); the count of tickers comes from the per-ticker tables' keys. Filled here
/// from the per-ticker subtotals already there. Rows whose trades have all moved away (count zero, so every amount zero)
/// are deleted, as the store now does, so that a key in a subtotal table always means trades.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261217000000_TradeSideTotals")]
public sealed class TradeSideTotals : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable(TradeTotalsSql.SideTable, t => new
        {
            period = t.Column<int>(name: TradeTotalsSql.PeriodColumn, nullable: false),
            action = t.Column<string>(maxLength: 4, nullable: false),
            trade_count = t.Column<long>(nullable: false),
            value_e4 = t.Column<long>(nullable: false),
            known_7 = t.Column<long>(nullable: false),
            pnl_7_e4 = t.Column<long>(nullable: false),
            known_30 = t.Column<long>(nullable: false),
            pnl_30_e4 = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey($"PK_{TradeTotalsSql.SideTable}", x => new { x.period, x.action }));
        var columns = string.Join(", ", TradeTotalsSql.AmountColumns);
        var sums = string.Join(", ", TradeTotalsSql.AmountColumns.Select(c => $"SUM({c})"));
        foreach (var table in new[] { TradeTotalsSql.DayTable, TradeTotalsSql.MonthTable, TradeTotalsSql.YearTable })
        {
            var key = TradeTotalsSql.KeyColumn(table);
            m.Sql($"DELETE FROM {table} WHERE trade_count = 0");
            m.Sql($"""
                INSERT INTO {TradeTotalsSql.SideTable} ("{TradeTotalsSql.PeriodColumn}", "action", {columns})
                SELECT "{key}", "action", {sums} FROM {table} GROUP BY "{key}", "action"
                """);
        }
    }

    protected override void Down(MigrationBuilder m) => m.DropTable(TradeTotalsSql.SideTable);
}
