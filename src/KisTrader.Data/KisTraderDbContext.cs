using KisTrader.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data;

/// <summary>The one database: trades, the order and fill ledger, the audit log, prompt versions and users.</summary>
public sealed class KisTraderDbContext(DbContextOptions<KisTraderDbContext> options)
    : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<TradeEntity> Trades => Set<TradeEntity>();
    public DbSet<OrderEntity> Orders => Set<OrderEntity>();
    public DbSet<FillEntity> Fills => Set<FillEntity>();
    public DbSet<AuditLogEntity> AuditLog => Set<AuditLogEntity>();
    public DbSet<PromptVersionEntity> PromptVersions => Set<PromptVersionEntity>();
    public DbSet<TradingModeChangeEntity> TradingModeChanges => Set<TradingModeChangeEntity>();
    public DbSet<EquityMarkEntity> EquityMarks => Set<EquityMarkEntity>();
    public DbSet<EquityPointEntity> EquityPoints => Set<EquityPointEntity>();
    public DbSet<LlmUsageEntity> LlmUsage => Set<LlmUsageEntity>();
    public DbSet<GraphRunEntity> GraphRuns => Set<GraphRunEntity>();
    public DbSet<GraphStepEntity> GraphSteps => Set<GraphStepEntity>();
    public DbSet<PendingApprovalEntity> PendingApprovals => Set<PendingApprovalEntity>();
    public DbSet<StrategyRuleEntity> StrategyRules => Set<StrategyRuleEntity>();
    public DbSet<ReflectionReportEntity> ReflectionReports => Set<ReflectionReportEntity>();
    public DbSet<ConfigVersionEntity> ConfigVersions => Set<ConfigVersionEntity>();
    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();
    public DbSet<HistoryBarEntity> HistoryBars => Set<HistoryBarEntity>();
    public DbSet<HistoryInstrumentEntity> HistoryInstruments => Set<HistoryInstrumentEntity>();
    public DbSet<HistoryCollectionEntity> HistoryCollections => Set<HistoryCollectionEntity>();
    public DbSet<BacktestEntity> Backtests => Set<BacktestEntity>();
    public DbSet<LlmResponseCacheEntity> LlmResponseCache => Set<LlmResponseCacheEntity>();
    public DbSet<ModelVersionEntity> ModelVersions => Set<ModelVersionEntity>();
    public DbSet<ModelArtifactEntity> ModelArtifacts => Set<ModelArtifactEntity>();
    public DbSet<DriftReportEntity> DriftReports => Set<DriftReportEntity>();
    public DbSet<TradeDayTotalEntity> TradeDayTotals => Set<TradeDayTotalEntity>();
    public DbSet<TradeMonthTotalEntity> TradeMonthTotals => Set<TradeMonthTotalEntity>();
    public DbSet<TradeYearTotalEntity> TradeYearTotals => Set<TradeYearTotalEntity>();
    public DbSet<TradeSideTotalEntity> TradeSideTotals => Set<TradeSideTotalEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KisTraderDbContext).Assembly);
    }
}
