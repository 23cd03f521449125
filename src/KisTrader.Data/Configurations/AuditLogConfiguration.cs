using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLogEntity>
{
    public void Configure(EntityTypeBuilder<AuditLogEntity> b)
    {
        b.ToTable("audit_log");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(a => a.Timestamp).HasColumnName("timestamp");
        b.Property(a => a.Actor).HasColumnName("actor").HasMaxLength(256).IsRequired();
        b.Property(a => a.Action).HasColumnName("action").HasMaxLength(64).IsRequired();
        b.Property(a => a.Target).HasColumnName("target").HasMaxLength(256).IsRequired();
        b.Property(a => a.Details).HasColumnName("details");
        b.HasIndex(a => a.Timestamp).HasDatabaseName("idx_audit_log_timestamp");
    }
}
