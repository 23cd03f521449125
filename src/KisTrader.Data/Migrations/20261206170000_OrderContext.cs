using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>What an order was decided on (market snapshot, portfolio before, rule features, prompt version, engine,
/// plan id), stored with its intent as one JSON column; the trade record is built from it (issue 15). Nullable: orders
/// written before keep no context.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261206170000_OrderContext")]
public sealed class OrderContext : Migration
{
    protected override void Up(MigrationBuilder m) => m.AddColumn<string>("context", "orders", nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("context", "orders");
}
