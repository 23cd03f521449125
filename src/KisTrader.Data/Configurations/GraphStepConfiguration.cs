using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class GraphStepConfiguration : IEntityTypeConfiguration<GraphStepEntity>
{
    public void Configure(EntityTypeBuilder<GraphStepEntity> b)
    {
        b.ToTable("graph_steps");
        b.HasKey(s => new { s.RunId, s.Sequence });
        b.Property(s => s.RunId).HasColumnName("run_id").HasMaxLength(64);
        b.Property(s => s.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        b.Property(s => s.Node).HasColumnName("node").HasMaxLength(64).IsRequired();
        b.Property(s => s.StartedAt).HasColumnName("started_at");
        b.Property(s => s.DurationMs).HasColumnName("duration_ms");
        b.Property(s => s.InputJson).HasColumnName("input_json").IsRequired();
        b.Property(s => s.OutputJson).HasColumnName("output_json");
        b.Property(s => s.Error).HasColumnName("error");
        b.Property(s => s.SentOrders).HasColumnName("sent_orders");
    }
}
