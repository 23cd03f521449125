using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class FillConfiguration : IEntityTypeConfiguration<FillEntity>
{
    public void Configure(EntityTypeBuilder<FillEntity> b)
    {
        b.ToTable("fills");
        b.HasKey(f => f.FillId);
        b.Property(f => f.FillId).HasColumnName("fill_id").ValueGeneratedOnAdd();
        b.Property(f => f.OrderId).HasColumnName("order_id").HasMaxLength(64).IsRequired();
        b.Property(f => f.ExecutionKey).HasColumnName("execution_key").HasMaxLength(128).IsRequired();
        b.Property(f => f.Quantity).HasColumnName("quantity");
        b.Property(f => f.Price).HasColumnName("price").HasPrecision(18, 4);
        b.Property(f => f.FilledAt).HasColumnName("filled_at");
        b.Property(f => f.Source).HasColumnName("source").HasMaxLength(16).IsRequired();
        b.HasIndex(f => f.ExecutionKey).IsUnique().HasDatabaseName("idx_fills_execution_key");
        b.HasIndex(f => f.OrderId).HasDatabaseName("idx_fills_order_id");
    }
}
