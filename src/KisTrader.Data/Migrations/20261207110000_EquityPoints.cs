using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The equity curve's own points (one per balance reading of a run), so the Overview no longer reads them out of
/// the runs' saved state.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261207110000_EquityPoints")]
public sealed class EquityPoints : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("equity_points", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            at = t.Column<DateTime>(nullable: false),
            equity = t.Column<decimal>(precision: 18, scale: 4, nullable: false),
            run_id = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_equity_points", x => x.id));
        m.CreateIndex("idx_equity_points_at", "equity_points", "at");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("equity_points");
}
