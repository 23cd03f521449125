using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersionEntity>
{
    public void Configure(EntityTypeBuilder<ModelVersionEntity> b)
    {
        b.ToTable("model_versions");
        b.HasKey(x => new { x.Signal, x.Version });
        b.Property(x => x.Signal).HasColumnName("signal").HasMaxLength(64);
        b.Property(x => x.Version).HasColumnName("version").ValueGeneratedNever();
        b.Property(x => x.Trainer).HasColumnName("trainer").HasMaxLength(32);
        b.Property(x => x.WindowFrom).HasColumnName("window_from").HasMaxLength(10);
        b.Property(x => x.WindowTo).HasColumnName("window_to").HasMaxLength(10);
        b.Property(x => x.FeaturesJson).HasColumnName("features_json");
        b.Property(x => x.FeatureSetVersion).HasColumnName("feature_set_version").HasMaxLength(64);
        b.Property(x => x.HyperParametersJson).HasColumnName("hyper_parameters_json");
        b.Property(x => x.DataSha256).HasColumnName("data_sha256").HasMaxLength(64);
        b.Property(x => x.F1).HasColumnName("f1");
        b.Property(x => x.MetricsJson).HasColumnName("metrics_json");
        b.Property(x => x.BacktestJson).HasColumnName("backtest_json");
        b.Property(x => x.ArtifactsJson).HasColumnName("artifacts_json");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.StatusReason).HasColumnName("status_reason");
        b.Property(x => x.StatusChangedAt).HasColumnName("status_changed_at");
        // At most one active version per signal, enforced by the database itself (the store keeps it at exactly one).
        b.HasIndex(x => x.Signal).IsUnique().HasFilter("status = 'active'").HasDatabaseName("idx_model_versions_one_active");
    }
}

internal sealed class ModelArtifactConfiguration : IEntityTypeConfiguration<ModelArtifactEntity>
{
    public void Configure(EntityTypeBuilder<ModelArtifactEntity> b)
    {
        b.ToTable("model_artifacts");
        b.HasKey(x => new { x.Signal, x.Version, x.Format });
        b.Property(x => x.Signal).HasColumnName("signal").HasMaxLength(64);
        b.Property(x => x.Version).HasColumnName("version").ValueGeneratedNever();
        b.Property(x => x.Format).HasColumnName("format").HasMaxLength(16);
        b.Property(x => x.Bytes).HasColumnName("bytes");
        b.HasOne<ModelVersionEntity>().WithMany().HasForeignKey(x => new { x.Signal, x.Version }).OnDelete(DeleteBehavior.Cascade);
    }
}
