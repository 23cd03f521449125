using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class TradeConfiguration : IEntityTypeConfiguration<TradeEntity>
{
    public void Configure(EntityTypeBuilder<TradeEntity> b)
    {
        b.ToTable("trades");
        b.HasKey(t => t.TradeId);
        b.Property(t => t.TradeId).HasColumnName("trade_id").HasMaxLength(64);
        b.Property(t => t.Timestamp).HasColumnName("timestamp");
        b.Property(t => t.OrderedAt).HasColumnName("ordered_at");
        b.Property(t => t.Ticker).HasColumnName("ticker").HasMaxLength(6).IsRequired();
        b.Property(t => t.Action).HasColumnName("action").HasMaxLength(4).IsRequired();
        b.Property(t => t.Quantity).HasColumnName("quantity");
        b.Property(t => t.Price).HasColumnName("price").HasPrecision(18, 4);
        b.Property(t => t.JustificationText).HasColumnName("justification_text").IsRequired();
        b.Property(t => t.MarketSnapshot).HasColumnName("market_snapshot").IsRequired();
        b.Property(t => t.PortfolioBefore).HasColumnName("portfolio_before").IsRequired();
        b.Property(t => t.Pnl7Days).HasColumnName("pnl_7_days").HasPrecision(18, 4);
        b.Property(t => t.Pnl30Days).HasColumnName("pnl_30_days").HasPrecision(18, 4);
        b.Property(t => t.MlProbability).HasColumnName("ml_probability").HasPrecision(9, 4);
        b.Property(t => t.MlModelVersion).HasColumnName("ml_model_version").HasMaxLength(80);
        b.HasIndex(t => t.Timestamp).HasDatabaseName("idx_trades_timestamp");
        b.HasIndex(t => t.Ticker).HasDatabaseName("idx_trades_ticker");
        b.HasIndex(t => t.Action).HasDatabaseName("idx_trades_action");
        // The Trades page's filters within a period, newest first (migration TradeQueryIndexes).
        b.HasIndex(t => new { t.Ticker, t.Timestamp }).HasDatabaseName("idx_trades_ticker_timestamp");
        b.HasIndex(t => new { t.Action, t.Timestamp }).HasDatabaseName("idx_trades_action_timestamp");
        // A ticker and a side within a period (migration TradeTotals; docs/decisions.md).
        b.HasIndex(t => new { t.Ticker, t.Action, t.Timestamp }).HasDatabaseName("idx_trades_ticker_action_timestamp");
    }
}
