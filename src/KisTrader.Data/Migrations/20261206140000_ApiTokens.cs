using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Per-user API tokens for scripts: the SHA-256 of each token (never its text), its owner, when it was created,
/// last used and revoked.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261206140000_ApiTokens")]
public sealed class ApiTokens : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("api_tokens", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            user_id = t.Column<string>(nullable: false),
            name = t.Column<string>(maxLength: 64, nullable: false),
            prefix = t.Column<string>(maxLength: 16, nullable: false),
            hash = t.Column<string>(maxLength: 64, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            last_used_at = t.Column<DateTime>(nullable: true),
            revoked_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_api_tokens", x => x.id);
            t.ForeignKey("FK_api_tokens_AspNetUsers_user_id", x => x.user_id, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("idx_api_tokens_hash", "api_tokens", "hash", unique: true);
        m.CreateIndex("idx_api_tokens_user_id", "api_tokens", "user_id");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("api_tokens");
}
