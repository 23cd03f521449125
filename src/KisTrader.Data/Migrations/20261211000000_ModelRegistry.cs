using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The model registry (issue 17): immutable model versions, at most one active per signal (a filtered unique
/// index), and their artifacts' bytes in a table of their own so listing versions never reads them.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261211000000_ModelRegistry")]
public sealed class ModelRegistry : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("model_versions", t => new
        {
            signal = t.Column<string>(maxLength: 64, nullable: false),
            version = t.Column<int>(nullable: false),
            trainer = t.Column<string>(maxLength: 32, nullable: false),
            window_from = t.Column<string>(maxLength: 10, nullable: false),
            window_to = t.Column<string>(maxLength: 10, nullable: false),
            features_json = t.Column<string>(nullable: false),
            feature_set_version = t.Column<string>(maxLength: 64, nullable: false),
            hyper_parameters_json = t.Column<string>(nullable: false),
            data_sha256 = t.Column<string>(maxLength: 64, nullable: false),
            f1 = t.Column<double>(nullable: false),
            metrics_json = t.Column<string>(nullable: false),
            backtest_json = t.Column<string>(nullable: true),
            artifacts_json = t.Column<string>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            status_reason = t.Column<string>(nullable: true),
            status_changed_at = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_model_versions", x => new { x.signal, x.version }));
        m.CreateIndex("idx_model_versions_one_active", "model_versions", "signal", unique: true, filter: "status = 'active'");

        m.CreateTable("model_artifacts", t => new
        {
            signal = t.Column<string>(maxLength: 64, nullable: false),
            version = t.Column<int>(nullable: false),
            format = t.Column<string>(maxLength: 16, nullable: false),
            bytes = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_model_artifacts", x => new { x.signal, x.version, x.format });
            t.ForeignKey("FK_model_artifacts_model_versions_signal_version", x => new { x.signal, x.version }, "model_versions",
                ["signal", "version"], onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("model_artifacts");
        m.DropTable("model_versions");
    }
}
