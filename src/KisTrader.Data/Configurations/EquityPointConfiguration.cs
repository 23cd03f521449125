using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class EquityPointConfiguration : IEntityTypeConfiguration<EquityPointEntity>
{
    public void Configure(EntityTypeBuilder<EquityPointEntity> b)
    {
        b.ToTable("equity_points");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(p => p.At).HasColumnName("at");
        b.Property(p => p.Equity).HasColumnName("equity").HasPrecision(18, 4);
        b.Property(p => p.RunId).HasColumnName("run_id").HasMaxLength(64);
        b.HasIndex(p => p.At).HasDatabaseName("idx_equity_points_at");
    }
}
