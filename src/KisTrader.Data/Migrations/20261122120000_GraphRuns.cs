using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Graph runs and their steps (the operational graph's trace and checkpoints) and the approval queue.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261122120000_GraphRuns")]
public sealed class GraphRuns : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("graph_runs", t => new
        {
            run_id = t.Column<string>(maxLength: 64, nullable: false),
            graph = t.Column<string>(maxLength: 64, nullable: false),
            trigger = t.Column<string>(maxLength: 256, nullable: false),
            status = t.Column<string>(maxLength: 24, nullable: false),
            started_at = t.Column<DateTime>(nullable: false),
            ended_at = t.Column<DateTime>(nullable: true),
            next_node = t.Column<string>(maxLength: 64, nullable: true),
            state_json = t.Column<string>(nullable: false),
            summary = t.Column<string>(nullable: true),
            error = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_graph_runs", x => x.run_id));
        m.CreateIndex("idx_graph_runs_started_at", "graph_runs", "started_at");
        m.CreateIndex("idx_graph_runs_status", "graph_runs", "status");

        m.CreateTable("graph_steps", t => new
        {
            run_id = t.Column<string>(maxLength: 64, nullable: false),
            sequence = t.Column<int>(nullable: false),
            node = t.Column<string>(maxLength: 64, nullable: false),
            started_at = t.Column<DateTime>(nullable: false),
            duration_ms = t.Column<long>(nullable: false),
            input_json = t.Column<string>(nullable: false),
            output_json = t.Column<string>(nullable: true),
            error = t.Column<string>(nullable: true),
            sent_orders = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_graph_steps", x => new { x.run_id, x.sequence });
            t.ForeignKey("FK_graph_steps_graph_runs_run_id", x => x.run_id, "graph_runs", "run_id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("pending_approvals", t => new
        {
            approval_id = t.Column<string>(maxLength: 64, nullable: false),
            run_id = t.Column<string>(maxLength: 64, nullable: false),
            ticker = t.Column<string>(maxLength: 6, nullable: false),
            order_json = t.Column<string>(nullable: false),
            verdict_json = t.Column<string>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            expires_at = t.Column<DateTime>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            decided_by = t.Column<string>(maxLength: 256, nullable: true),
            decided_at = t.Column<DateTime>(nullable: true),
            decision_reason = t.Column<string>(nullable: true),
            order_id = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_pending_approvals", x => x.approval_id));
        m.CreateIndex("idx_pending_approvals_status", "pending_approvals", "status");
        m.CreateIndex("idx_pending_approvals_run_id", "pending_approvals", "run_id");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("pending_approvals");
        m.DropTable("graph_steps");
        m.DropTable("graph_runs");
    }
}
