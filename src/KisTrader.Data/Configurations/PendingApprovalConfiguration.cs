using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class PendingApprovalConfiguration : IEntityTypeConfiguration<PendingApprovalEntity>
{
    public void Configure(EntityTypeBuilder<PendingApprovalEntity> b)
    {
        b.ToTable("pending_approvals");
        b.HasKey(a => a.ApprovalId);
        b.Property(a => a.ApprovalId).HasColumnName("approval_id").HasMaxLength(64);
        b.Property(a => a.RunId).HasColumnName("run_id").HasMaxLength(64).IsRequired();
        b.Property(a => a.Ticker).HasColumnName("ticker").HasMaxLength(6).IsRequired();
        b.Property(a => a.OrderJson).HasColumnName("order_json").IsRequired();
        b.Property(a => a.VerdictJson).HasColumnName("verdict_json").IsRequired();
        b.Property(a => a.CreatedAt).HasColumnName("created_at");
        b.Property(a => a.ExpiresAt).HasColumnName("expires_at");
        b.Property(a => a.Status).HasColumnName("status").HasMaxLength(16).IsRequired();
        b.Property(a => a.DecidedBy).HasColumnName("decided_by").HasMaxLength(256);
        b.Property(a => a.DecidedAt).HasColumnName("decided_at");
        b.Property(a => a.DecisionReason).HasColumnName("decision_reason");
        b.Property(a => a.OrderId).HasColumnName("order_id").HasMaxLength(64);
        b.Property(a => a.SupersededBy).HasColumnName("superseded_by").HasMaxLength(64);
        b.Property(a => a.PlanJson).HasColumnName("plan_json");
        b.Property(a => a.NotSentReason).HasColumnName("not_sent_reason");
        b.HasIndex(a => a.Status).HasDatabaseName("idx_pending_approvals_status");
        b.HasIndex(a => a.RunId).HasDatabaseName("idx_pending_approvals_run_id");
    }
}
