using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class DriftReportConfiguration : IEntityTypeConfiguration<DriftReportEntity>
{
    public void Configure(EntityTypeBuilder<DriftReportEntity> b)
    {
        b.ToTable("drift_reports");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.Signal).HasColumnName("signal").HasMaxLength(64);
        b.Property(x => x.ModelVersion).HasColumnName("model_version");
        b.Property(x => x.ComputedAt).HasColumnName("computed_at");
        b.Property(x => x.RecentFrom).HasColumnName("recent_from").HasMaxLength(10);
        b.Property(x => x.RecentTo).HasColumnName("recent_to").HasMaxLength(10);
        b.Property(x => x.RecentRows).HasColumnName("recent_rows");
        b.Property(x => x.FeaturesJson).HasColumnName("features_json");
        b.Property(x => x.Alert).HasColumnName("alert");
        b.HasIndex(x => new { x.Signal, x.ComputedAt }).HasDatabaseName("idx_drift_reports_signal_computed_at");
    }
}
