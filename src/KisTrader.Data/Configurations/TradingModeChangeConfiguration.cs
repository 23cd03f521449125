using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class TradingModeChangeConfiguration : IEntityTypeConfiguration<TradingModeChangeEntity>
{
    public void Configure(EntityTypeBuilder<TradingModeChangeEntity> b)
    {
        b.ToTable("trading_mode_changes");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(m => m.Mode).HasColumnName("mode").HasMaxLength(16).IsRequired();
        b.Property(m => m.Reason).HasColumnName("reason").IsRequired();
        b.Property(m => m.ChangedBy).HasColumnName("changed_by").HasMaxLength(256).IsRequired();
        b.Property(m => m.ChangedAt).HasColumnName("changed_at");
    }
}
