using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The configuration history: the effective configuration (secrets redacted) at each start that changed it.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261206120000_ConfigVersions")]
public sealed class ConfigVersions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("config_versions", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            recorded_at = t.Column<DateTime>(nullable: false),
            recorded_by = t.Column<string>(maxLength: 64, nullable: false),
            sha256 = t.Column<string>(maxLength: 64, nullable: false),
            json = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_config_versions", x => x.id));
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("config_versions");
}
