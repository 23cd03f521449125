using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class PromptVersionConfiguration : IEntityTypeConfiguration<PromptVersionEntity>
{
    public void Configure(EntityTypeBuilder<PromptVersionEntity> b)
    {
        b.ToTable("prompt_versions");
        b.HasKey(p => new { p.PromptName, p.Version });
        b.Property(p => p.PromptName).HasColumnName("prompt_name").HasMaxLength(64);
        b.Property(p => p.Version).HasColumnName("version").ValueGeneratedNever();
        b.Property(p => p.Text).HasColumnName("text").IsRequired();
        b.Property(p => p.ParentVersion).HasColumnName("parent_version");
        b.Property(p => p.Reason).HasColumnName("reason").IsRequired();
        b.Property(p => p.Author).HasColumnName("author").HasMaxLength(256).IsRequired();
        b.Property(p => p.ReportId).HasColumnName("report_id").HasMaxLength(64);
        b.Property(p => p.RuleIds).HasColumnName("rule_ids").IsRequired().HasDefaultValue("[]");
        b.Property(p => p.CreatedAt).HasColumnName("created_at");
        b.Property(p => p.IsActive).HasColumnName("is_active");
        // At most one active version per prompt, enforced by the database itself (the store keeps it at exactly one).
        // "WHERE is_active" is valid on both providers (SQLite integer, PostgreSQL boolean).
        b.HasIndex(p => p.PromptName).IsUnique().HasFilter("is_active").HasDatabaseName("idx_prompt_versions_one_active");
    }
}
