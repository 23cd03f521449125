using KisTrader.Core.Ports;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Data;

public static class DataServiceCollectionExtensions
{
    public const int SqliteBusyTimeoutMs = 10_000;

    /// <summary>Registers the DbContext (pooled factory plus scoped context) and the stores behind the core's ports.</summary>
    public static IServiceCollection AddKisTraderData(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddDbContextFactory<KisTraderDbContext>(o => Configure(o, provider, connectionString));
        services.AddDbContext<KisTraderDbContext>(o => Configure(o, provider, connectionString), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddSingleton<ITradeStore, EfTradeStore>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<IOrderLedger, EfOrderLedger>();
        services.AddSingleton<ITradingModeStore, EfTradingModeStore>();
        services.AddSingleton<IEquityMarks, EfEquityMarks>();
        services.AddSingleton<IEquityPoints, EfEquityPoints>();
        services.AddSingleton<KisTrader.Core.Decisions.ILlmUsageStore, EfLlmUsageStore>();
        services.AddSingleton<IGraphStore, EfGraphStore>();
        services.AddSingleton<IApprovalStore, EfApprovalStore>();
        services.AddSingleton<IPromptStore, EfPromptStore>();
        services.AddSingleton<IStrategyRuleStore, EfStrategyRuleStore>();
        services.AddSingleton<IReflectionReportStore, EfReflectionReportStore>();
        services.AddSingleton<IConfigurationVersionStore, EfConfigurationVersionStore>();
        services.AddSingleton<IApiTokenStore, EfApiTokenStore>();
        services.AddSingleton<IMarketHistory, EfMarketHistory>();
        services.AddSingleton<IBacktestStore, EfBacktestStore>();
        services.AddSingleton<KisTrader.Core.Ml.Registry.IModelRegistry, EfModelRegistry>();
        services.AddSingleton<KisTrader.Core.Ml.Drift.IDriftReportStore, EfDriftReportStore>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <param name="compiledModel">Use the provider's compiled model (docs/decisions.md, "EF compiled models"); false
    /// builds the model from the entity configurations, as <c>dotnet ef dbcontext optimize</c> and its staleness test need.</param>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, bool compiledModel = true)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString, o => o.CommandTimeout(SqliteBusyTimeoutMs / 1000));
                options.AddInterceptors(new SqlitePragmaInterceptor(SqliteBusyTimeoutMs));
                if (compiledModel) options.UseModel(CompiledModels.Sqlite.KisTraderDbContextModel.Instance);
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(connectionString);
                if (compiledModel) options.UseModel(CompiledModels.PostgreSql.KisTraderDbContextModel.Instance);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
        // Migrations are hand-written (no design-time package here) and carry no model snapshot,
        // so EF cannot diff the model; a schema test compares the migrated database with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning,
            // DatabaseInitializer creates a new SQLite database by migrating inside its own transaction, on purpose.
            RelationalEventId.MigrationsUserTransactionWarning));
    }

    public static KisTraderDbContext CreateContext(DatabaseProvider provider, string connectionString, bool compiledModel = true)
    {
        var builder = new DbContextOptionsBuilder<KisTraderDbContext>();
        Configure(builder, provider, connectionString, compiledModel);
        return new KisTraderDbContext(builder.Options);
    }
}
