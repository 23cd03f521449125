using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class GraphRunConfiguration : IEntityTypeConfiguration<GraphRunEntity>
{
    public void Configure(EntityTypeBuilder<GraphRunEntity> b)
    {
        b.ToTable("graph_runs");
        b.HasKey(r => r.RunId);
        b.Property(r => r.RunId).HasColumnName("run_id").HasMaxLength(64);
        b.Property(r => r.Graph).HasColumnName("graph").HasMaxLength(64).IsRequired();
        b.Property(r => r.Trigger).HasColumnName("trigger").HasMaxLength(256).IsRequired();
        b.Property(r => r.Status).HasColumnName("status").HasMaxLength(24).IsRequired();
        b.Property(r => r.StartedAt).HasColumnName("started_at");
        b.Property(r => r.EndedAt).HasColumnName("ended_at");
        b.Property(r => r.NextNode).HasColumnName("next_node").HasMaxLength(64);
        b.Property(r => r.StateJson).HasColumnName("state_json").IsRequired();
        b.Property(r => r.Summary).HasColumnName("summary");
        b.Property(r => r.Error).HasColumnName("error");
        b.HasIndex(r => r.StartedAt).HasDatabaseName("idx_graph_runs_started_at");
        b.HasIndex(r => r.Status).HasDatabaseName("idx_graph_runs_status");
        b.HasMany(r => r.Steps).WithOne(s => s.Run).HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
