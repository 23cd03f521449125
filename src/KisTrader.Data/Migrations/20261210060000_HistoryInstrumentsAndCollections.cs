using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Market history, issue 16 follow-up: each instrument's market (history_instruments: the backtest's tick
/// table, limits and sell tax follow it; none stored = KOSPI) and the finished collections (history_collections: the Data
/// page's "last collection" outlives a restart). Both small; read whole or by the newest finish.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261210060000_HistoryInstrumentsAndCollections")]
public sealed class HistoryInstrumentsAndCollections : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("history_instruments", t => new
        {
            ticker = t.Column<string>(maxLength: 12, nullable: false),
            market = t.Column<string>(maxLength: 8, nullable: false),
            source = t.Column<string>(maxLength: 200, nullable: false),
            updated_at_ms = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_history_instruments", x => x.ticker));
        m.CreateTable("history_collections", t => new
        {
            id = t.Column<string>(maxLength: 36, nullable: false),
            finished_at_ms = t.Column<long>(nullable: false),
            summary = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_history_collections", x => x.id));
        m.CreateIndex("IX_history_collections_finished_at_ms", "history_collections", "finished_at_ms");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("history_collections");
        m.DropTable("history_instruments");
    }
}
