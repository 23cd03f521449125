using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The reflection graph: strategy rules, reflection reports, and what a prompt version carries (the report
/// that produced it and the rules written into it).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261203000000_Reflection")]
public sealed class Reflection : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("report_id", "prompt_versions", maxLength: 64, nullable: true);
        // Existing versions carry no rules: the default fills them (SQLite needs one to add a NOT NULL column).
        m.AddColumn<string>("rule_ids", "prompt_versions", nullable: false, defaultValue: "[]");
        // "WHERE is_active" reads the same on both providers (SQLite integer, PostgreSQL boolean).
        m.CreateIndex("idx_prompt_versions_one_active", "prompt_versions", "prompt_name", unique: true, filter: "is_active");

        m.CreateTable("strategy_rules", t => new
        {
            rule_id = t.Column<string>(maxLength: 64, nullable: false),
            category = t.Column<string>(maxLength: 16, nullable: false),
            condition = t.Column<string>(nullable: false),
            action = t.Column<string>(maxLength: 24, nullable: false),
            size_factor = t.Column<decimal>(precision: 18, scale: 4, nullable: false),
            priority = t.Column<int>(nullable: false),
            rationale = t.Column<string>(nullable: false),
            insight_id = t.Column<string>(maxLength: 64, nullable: true),
            report_id = t.Column<string>(maxLength: 64, nullable: true),
            status = t.Column<string>(maxLength: 16, nullable: false),
            rejection_reasons = t.Column<string>(nullable: false),
            shadow = t.Column<string>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            decided_by = t.Column<string>(maxLength: 256, nullable: true),
            decided_at = t.Column<DateTime>(nullable: true),
            decision_reason = t.Column<string>(nullable: true),
            adopted_in_version = t.Column<int>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_strategy_rules", x => x.rule_id));
        m.CreateIndex("idx_strategy_rules_report_id", "strategy_rules", "report_id");
        m.CreateIndex("idx_strategy_rules_status", "strategy_rules", "status");

        m.CreateTable("reflection_reports", t => new
        {
            report_id = t.Column<string>(maxLength: 64, nullable: false),
            run_id = t.Column<string>(maxLength: 64, nullable: true),
            trigger = t.Column<string>(maxLength: 256, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            completed_at = t.Column<DateTime>(nullable: true),
            period_from = t.Column<DateTime>(nullable: false),
            period_to = t.Column<DateTime>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            performance = t.Column<string>(nullable: true),
            insights = t.Column<string>(nullable: false),
            llm_analysis = t.Column<string>(nullable: true),
            llm_note = t.Column<string>(nullable: true),
            rule_ids = t.Column<string>(nullable: false),
            prompt_version = t.Column<int>(nullable: true),
            summary = t.Column<string>(nullable: false),
            error = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_reflection_reports", x => x.report_id));
        m.CreateIndex("idx_reflection_reports_created_at", "reflection_reports", "created_at");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("reflection_reports");
        m.DropTable("strategy_rules");
        m.DropIndex("idx_prompt_versions_one_active", "prompt_versions");
        // SQLite rebuilds the table to drop a column; EF does that itself.
        m.DropColumn("rule_ids", "prompt_versions");
        m.DropColumn("report_id", "prompt_versions");
    }
}
