using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class StrategyRuleConfiguration : IEntityTypeConfiguration<StrategyRuleEntity>
{
    public void Configure(EntityTypeBuilder<StrategyRuleEntity> b)
    {
        b.ToTable("strategy_rules");
        b.HasKey(r => r.RuleId);
        b.Property(r => r.RuleId).HasColumnName("rule_id").HasMaxLength(64);
        b.Property(r => r.Category).HasColumnName("category").HasMaxLength(16).IsRequired();
        b.Property(r => r.Condition).HasColumnName("condition").IsRequired();
        b.Property(r => r.Action).HasColumnName("action").HasMaxLength(24).IsRequired();
        b.Property(r => r.SizeFactor).HasColumnName("size_factor").HasPrecision(18, 4);
        b.Property(r => r.Priority).HasColumnName("priority");
        b.Property(r => r.Rationale).HasColumnName("rationale").IsRequired();
        b.Property(r => r.InsightId).HasColumnName("insight_id").HasMaxLength(64);
        b.Property(r => r.ReportId).HasColumnName("report_id").HasMaxLength(64);
        b.Property(r => r.Status).HasColumnName("status").HasMaxLength(16).IsRequired();
        b.Property(r => r.RejectionReasons).HasColumnName("rejection_reasons").IsRequired();
        b.Property(r => r.Shadow).HasColumnName("shadow");
        b.Property(r => r.Backtest).HasColumnName("backtest");
        b.Property(r => r.Retirement).HasColumnName("retirement");
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
        b.Property(r => r.DecidedBy).HasColumnName("decided_by").HasMaxLength(256);
        b.Property(r => r.DecidedAt).HasColumnName("decided_at");
        b.Property(r => r.DecisionReason).HasColumnName("decision_reason");
        b.Property(r => r.AdoptedInVersion).HasColumnName("adopted_in_version");
        b.HasIndex(r => r.ReportId).HasDatabaseName("idx_strategy_rules_report_id");
        b.HasIndex(r => r.Status).HasDatabaseName("idx_strategy_rules_status");
    }
}
