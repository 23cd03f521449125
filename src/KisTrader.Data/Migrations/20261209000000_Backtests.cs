using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Stored backtests (issue 16): summary columns for the list, the request and the report as JSON text.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261209000000_Backtests")]
public sealed class Backtests : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("backtests", t => new
        {
            id = t.Column<string>(maxLength: 64, nullable: false),
            created_at_ms = t.Column<long>(nullable: false),
            code_version = t.Column<string>(maxLength: 200, nullable: false),
            engine = t.Column<string>(maxLength: 16, nullable: false),
            from_date = t.Column<string>(maxLength: 10, nullable: false),
            to_date = t.Column<string>(maxLength: 10, nullable: false),
            instruments = t.Column<int>(nullable: false),
            data_first = t.Column<string>(maxLength: 10, nullable: false),
            data_last = t.Column<string>(maxLength: 10, nullable: false),
            data_bars = t.Column<int>(nullable: false),
            data_sha256 = t.Column<string>(maxLength: 64, nullable: false),
            total_return = t.Column<double>(nullable: false),
            max_drawdown = t.Column<double>(nullable: false),
            sharpe = t.Column<double>(nullable: true),
            buy_and_hold_return = t.Column<double>(nullable: false),
            request_json = t.Column<string>(nullable: false),
            report_json = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_backtests", x => x.id));
        m.CreateIndex("idx_backtests_created_at", "backtests", "created_at_ms");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("backtests");
}
