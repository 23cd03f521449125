using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Market history (issue 16): daily and minute bars per instrument and index, keyed (ticker, resolution,
/// kst_time) in the backtester's read order; prices as integer hundredths, times as integers (see HistoryBarEntity).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261208000000_MarketHistory")]
public sealed class MarketHistory : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("history_bars", t => new
        {
            ticker = t.Column<string>(maxLength: 12, nullable: false),
            resolution = t.Column<int>(nullable: false),
            kst_time = t.Column<long>(nullable: false),
            open = t.Column<long>(nullable: false),
            high = t.Column<long>(nullable: false),
            low = t.Column<long>(nullable: false),
            close = t.Column<long>(nullable: false),
            adj_open = t.Column<long>(nullable: false),
            adj_high = t.Column<long>(nullable: false),
            adj_low = t.Column<long>(nullable: false),
            adj_close = t.Column<long>(nullable: false),
            volume = t.Column<long>(nullable: false),
            traded_value = t.Column<long>(nullable: false),
            source = t.Column<string>(maxLength: 200, nullable: false),
            collected_at_ms = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_history_bars", x => new { x.ticker, x.resolution, x.kst_time }));
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("history_bars");
}
