using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class BacktestConfiguration : IEntityTypeConfiguration<BacktestEntity>
{
    public void Configure(EntityTypeBuilder<BacktestEntity> b)
    {
        b.ToTable("backtests");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(64);
        b.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
        b.Property(x => x.CodeVersion).HasColumnName("code_version").HasMaxLength(200);
        b.Property(x => x.Engine).HasColumnName("engine").HasMaxLength(16);
        b.Property(x => x.FromDate).HasColumnName("from_date").HasMaxLength(10);
        b.Property(x => x.ToDate).HasColumnName("to_date").HasMaxLength(10);
        b.Property(x => x.Instruments).HasColumnName("instruments");
        b.Property(x => x.DataFirst).HasColumnName("data_first").HasMaxLength(10);
        b.Property(x => x.DataLast).HasColumnName("data_last").HasMaxLength(10);
        b.Property(x => x.DataBars).HasColumnName("data_bars");
        b.Property(x => x.DataSha256).HasColumnName("data_sha256").HasMaxLength(64);
        b.Property(x => x.TotalReturn).HasColumnName("total_return");
        b.Property(x => x.MaxDrawdown).HasColumnName("max_drawdown");
        b.Property(x => x.Sharpe).HasColumnName("sharpe");
        b.Property(x => x.BuyAndHoldReturn).HasColumnName("buy_and_hold_return");
        b.Property(x => x.RequestJson).HasColumnName("request_json");
        b.Property(x => x.ReportJson).HasColumnName("report_json");
        b.HasIndex(x => x.CreatedAtMs).HasDatabaseName("idx_backtests_created_at");
    }
}
