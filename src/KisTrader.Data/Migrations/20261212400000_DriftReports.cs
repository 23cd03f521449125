using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Drift reports (issue 17): each check of the active model's features against its training window (PSI per
/// feature), newest per signal read by the Models page.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261212400000_DriftReports")]
public sealed class DriftReports : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("drift_reports", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            signal = t.Column<string>(maxLength: 64, nullable: false),
            model_version = t.Column<int>(nullable: false),
            computed_at = t.Column<DateTime>(nullable: false),
            recent_from = t.Column<string>(maxLength: 10, nullable: false),
            recent_to = t.Column<string>(maxLength: 10, nullable: false),
            recent_rows = t.Column<int>(nullable: false),
            features_json = t.Column<string>(nullable: false),
            alert = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_drift_reports", x => x.id));
        m.CreateIndex("idx_drift_reports_signal_computed_at", "drift_reports", ["signal", "computed_at"]);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("drift_reports");
}
