using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class HistoryBarConfiguration : IEntityTypeConfiguration<HistoryBarEntity>
{
    public void Configure(EntityTypeBuilder<HistoryBarEntity> b)
    {
        b.ToTable("history_bars");
        // The key is the backtester's read order: all bars of one resolution, by ticker, then time. "Every daily bar of these
        // tickers in this range" is one ordered range of the key (no sort step); on SQLite the table is WITHOUT ROWID (see
        // the MarketHistory migration), so the key is the table and the read is one sequential scan.
        b.HasKey(x => new { x.Resolution, x.Ticker, x.KstTime }).HasName("PK_history_bars");
        b.Property(x => x.Ticker).HasColumnName("ticker").HasMaxLength(12);
        b.Property(x => x.Resolution).HasColumnName("resolution");
        b.Property(x => x.KstTime).HasColumnName("kst_time");
        b.Property(x => x.Open).HasColumnName("open");
        b.Property(x => x.High).HasColumnName("high");
        b.Property(x => x.Low).HasColumnName("low");
        b.Property(x => x.Close).HasColumnName("close");
        b.Property(x => x.AdjOpen).HasColumnName("adj_open");
        b.Property(x => x.AdjHigh).HasColumnName("adj_high");
        b.Property(x => x.AdjLow).HasColumnName("adj_low");
        b.Property(x => x.AdjClose).HasColumnName("adj_close");
        b.Property(x => x.Volume).HasColumnName("volume");
        b.Property(x => x.TradedValue).HasColumnName("traded_value");
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(200).IsRequired();
        b.Property(x => x.CollectedAtMs).HasColumnName("collected_at_ms");
    }
}
