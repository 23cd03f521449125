using KisTrader.Web.Hosting;
using KisTrader.Web.Trading;

namespace KisTrader.Web.Backtesting;

public static class BacktestServices
{
    public static IServiceCollection AddKisTraderBacktests(this IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new BacktestDefaults(TradingServices.RiskLimitsFrom(settings.Risk), settings.Trading.Rules.ToOptions(settings.Risk),
            [.. settings.Trading.EffectiveWatchlist], settings.Llm.IsConfigured));
        services.AddSingleton<BacktestRuns>();
        services.AddSingleton<BacktestInputs>();
        return services;
    }
}
