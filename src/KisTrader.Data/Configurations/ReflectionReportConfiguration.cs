using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class ReflectionReportConfiguration : IEntityTypeConfiguration<ReflectionReportEntity>
{
    public void Configure(EntityTypeBuilder<ReflectionReportEntity> b)
    {
        b.ToTable("reflection_reports");
        b.HasKey(r => r.ReportId);
        b.Property(r => r.ReportId).HasColumnName("report_id").HasMaxLength(64);
        b.Property(r => r.RunId).HasColumnName("run_id").HasMaxLength(64);
        b.Property(r => r.Trigger).HasColumnName("trigger").HasMaxLength(256).IsRequired();
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
        b.Property(r => r.CompletedAt).HasColumnName("completed_at");
        b.Property(r => r.PeriodFrom).HasColumnName("period_from");
        b.Property(r => r.PeriodTo).HasColumnName("period_to");
        b.Property(r => r.Status).HasColumnName("status").HasMaxLength(16).IsRequired();
        b.Property(r => r.Performance).HasColumnName("performance");
        b.Property(r => r.Insights).HasColumnName("insights").IsRequired();
        b.Property(r => r.LlmAnalysis).HasColumnName("llm_analysis");
        b.Property(r => r.LlmNote).HasColumnName("llm_note");
        b.Property(r => r.RuleIds).HasColumnName("rule_ids").IsRequired();
        b.Property(r => r.PromptVersion).HasColumnName("prompt_version");
        b.Property(r => r.Summary).HasColumnName("summary").IsRequired();
        b.Property(r => r.Error).HasColumnName("error");
        b.HasIndex(r => r.CreatedAt).HasDatabaseName("idx_reflection_reports_created_at");
    }
}
