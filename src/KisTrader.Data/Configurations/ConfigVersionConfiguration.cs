using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class ConfigVersionConfiguration : IEntityTypeConfiguration<ConfigVersionEntity>
{
    public void Configure(EntityTypeBuilder<ConfigVersionEntity> b)
    {
        b.ToTable("config_versions");
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(v => v.RecordedAt).HasColumnName("recorded_at");
        b.Property(v => v.RecordedBy).HasColumnName("recorded_by").HasMaxLength(64).IsRequired();
        b.Property(v => v.Sha256).HasColumnName("sha256").HasMaxLength(64).IsRequired();
        b.Property(v => v.Json).HasColumnName("json").IsRequired();
    }
}
