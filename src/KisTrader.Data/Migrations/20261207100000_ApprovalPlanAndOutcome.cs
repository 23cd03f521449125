using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>An approval carries what is shown and decided about it, so nothing reads it from the run's saved state: the
/// plan it came from (JSON) and, for an approved order that was not sent, why.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261207100000_ApprovalPlanAndOutcome")]
public sealed class ApprovalPlanAndOutcome : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("plan_json", "pending_approvals", nullable: true);
        m.AddColumn<string>("not_sent_reason", "pending_approvals", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("not_sent_reason", "pending_approvals");
        m.DropColumn("plan_json", "pending_approvals");
    }
}
