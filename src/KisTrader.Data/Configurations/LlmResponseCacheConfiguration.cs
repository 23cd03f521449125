using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class LlmResponseCacheConfiguration : IEntityTypeConfiguration<LlmResponseCacheEntity>
{
    public void Configure(EntityTypeBuilder<LlmResponseCacheEntity> b)
    {
        b.ToTable("llm_response_cache");
        b.HasKey(e => e.Key);
        b.Property(e => e.Key).HasColumnName("key").HasMaxLength(64).IsRequired();
        b.Property(e => e.Model).HasColumnName("model").HasMaxLength(128).IsRequired();
        b.Property(e => e.CreatedAt).HasColumnName("created_at");
        b.Property(e => e.Content).HasColumnName("content").IsRequired();
        b.Property(e => e.InputTokens).HasColumnName("input_tokens");
        b.Property(e => e.OutputTokens).HasColumnName("output_tokens");
    }
}
