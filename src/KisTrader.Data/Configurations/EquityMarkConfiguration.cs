using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class EquityMarkConfiguration : IEntityTypeConfiguration<EquityMarkEntity>
{
    public void Configure(EntityTypeBuilder<EquityMarkEntity> b)
    {
        b.ToTable("equity_marks");
        b.HasKey(m => m.Date);
        b.Property(m => m.Date).HasColumnName("date");
        b.Property(m => m.Equity).HasColumnName("equity").HasPrecision(18, 4);
        b.Property(m => m.RecordedAt).HasColumnName("recorded_at");
    }
}
