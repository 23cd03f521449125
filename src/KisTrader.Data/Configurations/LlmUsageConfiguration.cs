using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class LlmUsageConfiguration : IEntityTypeConfiguration<LlmUsageEntity>
{
    public void Configure(EntityTypeBuilder<LlmUsageEntity> b)
    {
        b.ToTable("llm_usage");
        b.HasKey(u => u.Id);
        b.Property(u => u.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(u => u.At).HasColumnName("at");
        b.Property(u => u.Model).HasColumnName("model").HasMaxLength(128).IsRequired();
        b.Property(u => u.InputTokens).HasColumnName("input_tokens");
        b.Property(u => u.OutputTokens).HasColumnName("output_tokens");
        b.Property(u => u.CostUsd).HasColumnName("cost_usd").HasPrecision(18, 6);
        b.Property(u => u.RunId).HasColumnName("run_id").HasMaxLength(64);
        b.Property(u => u.Outcome).HasColumnName("outcome").HasMaxLength(16).IsRequired();
        b.HasIndex(u => u.At).HasDatabaseName("idx_llm_usage_at");
    }
}
