using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>When the order behind a trade was created: fills come to the second, so trades filled in the same second
/// are matched into round trips in the order they were decided (see RoundTripMatcher). Null on older rows.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261210000000_TradeOrderedAt")]
public sealed class TradeOrderedAt : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<DateTime>("ordered_at", "trades", nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("ordered_at", "trades");
}
