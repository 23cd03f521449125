using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>LLM answers cached by the full request's SHA-256 key, so a backtest with the LLM engine can be replayed at
/// no cost (issue 16; see CachingLlmClient). Looked up by key only.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261209100000_LlmResponseCache")]
public sealed class LlmResponseCache : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.CreateTable("llm_response_cache", t => new
        {
            key = t.Column<string>(maxLength: 64, nullable: false),
            model = t.Column<string>(maxLength: 128, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            content = t.Column<string>(nullable: false),
            input_tokens = t.Column<int>(nullable: false),
            output_tokens = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_llm_response_cache", x => x.key));

    protected override void Down(MigrationBuilder m) => m.DropTable("llm_response_cache");
}
