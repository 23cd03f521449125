using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The ML signal a trade was decided with: the ticker's probability and the model ("signal vN") that gave it, so
/// the reflection can learn from it. Null on older rows and when no model scored the ticker.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261212010000_TradeMlSignal")]
public sealed class TradeMlSignal : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<decimal>("ml_probability", "trades", precision: 9, scale: 4, nullable: true);
        m.AddColumn<string>("ml_model_version", "trades", maxLength: 80, nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("ml_model_version", "trades");
        m.DropColumn("ml_probability", "trades");
    }
}
