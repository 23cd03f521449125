using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class HistoryInstrumentConfiguration : IEntityTypeConfiguration<HistoryInstrumentEntity>
{
    public void Configure(EntityTypeBuilder<HistoryInstrumentEntity> b)
    {
        b.ToTable("history_instruments");
        b.HasKey(x => x.Ticker).HasName("PK_history_instruments");
        b.Property(x => x.Ticker).HasColumnName("ticker").HasMaxLength(12);
        b.Property(x => x.Market).HasColumnName("market").HasMaxLength(8).IsRequired();
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(200).IsRequired();
        b.Property(x => x.UpdatedAtMs).HasColumnName("updated_at_ms");
    }
}
