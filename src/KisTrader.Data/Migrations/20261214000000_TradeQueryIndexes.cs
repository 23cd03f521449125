using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Indexes for the Trades page's filters: a ticker or a side within a period, newest first. With the ticker or
/// side first and the timestamp second, the database reads only the matching trades of the period, already in the page's
/// order, instead of walking the whole period or all of the ticker's trades (docs/benchmarks.md, trade-store).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261214000000_TradeQueryIndexes")]
public sealed class TradeQueryIndexes : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateIndex("idx_trades_ticker_timestamp", "trades", ["ticker", "timestamp"]);
        m.CreateIndex("idx_trades_action_timestamp", "trades", ["action", "timestamp"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("idx_trades_action_timestamp", "trades");
        m.DropIndex("idx_trades_ticker_timestamp", "trades");
    }
}
