using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>LLM calls with their tokens, cost and outcome (the monthly budget is summed from it).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261122110000_LlmUsage")]
public sealed class LlmUsage : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("llm_usage", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            at = t.Column<DateTime>(nullable: false),
            model = t.Column<string>(maxLength: 128, nullable: false),
            input_tokens = t.Column<int>(nullable: false),
            output_tokens = t.Column<int>(nullable: false),
            cost_usd = t.Column<decimal>(precision: 18, scale: 6, nullable: false),
            run_id = t.Column<string>(maxLength: 64, nullable: true),
            outcome = t.Column<string>(maxLength: 16, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_llm_usage", x => x.id));
        m.CreateIndex("idx_llm_usage_at", "llm_usage", "at");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("llm_usage");
}
