using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>One pending decision per ticker and side: an approval a newer proposal superseded names that newer approval
/// (status Superseded fits the existing status column).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261207000000_ApprovalSupersededBy")]
public sealed class ApprovalSupersededBy : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<string>("superseded_by", "pending_approvals", maxLength: 64, nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("superseded_by", "pending_approvals");
}
