using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>A strategy rule keeps its backtest of the look-back (with against without it) next to its shadow replay,
/// and, once an admin retires it, the retirement (who, when, why, the version without it, that backtest); both JSON.
/// Status Retired fits the existing status column.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261210030000_RuleBacktests")]
public sealed class RuleBacktests : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("backtest", "strategy_rules", nullable: true);
        m.AddColumn<string>("retirement", "strategy_rules", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("retirement", "strategy_rules");
        m.DropColumn("backtest", "strategy_rules");
    }
}
