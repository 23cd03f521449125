using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The kill switch's history (trading_mode_changes) and the daily equity marks behind the loss limits.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261122100000_TradingControl")]
public sealed class TradingControl : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("trading_mode_changes", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            mode = t.Column<string>(maxLength: 16, nullable: false),
            reason = t.Column<string>(nullable: false),
            changed_by = t.Column<string>(maxLength: 256, nullable: false),
            changed_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_trading_mode_changes", x => x.id));

        m.CreateTable("equity_marks", t => new
        {
            date = t.Column<DateOnly>(nullable: false),
            equity = t.Column<decimal>(precision: 18, scale: 4, nullable: false),
            recorded_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_equity_marks", x => x.date));
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("equity_marks");
        m.DropTable("trading_mode_changes");
    }
}
