using KisTrader.Core.Ports;
using KisTrader.Kis;
using KisTrader.Kis.Auth;

namespace KisTrader.Web.Broker;

public static class BrokerServices
{
    /// <summary>Registers the broker ports. Call after AddKisTraderLive so the live caches subscribe before the feed starts.</summary>
    public static IServiceCollection AddKisTraderBroker(this IServiceCollection services)
    {
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<BrokerRuntime>();
        services.AddHostedService<BrokerStartup>();
        services.AddSingleton<KisStatus>(sp => sp.GetRequiredService<BrokerRuntime>().Status);
        services.AddSingleton<IMarketData>(sp => sp.GetRequiredService<BrokerRuntime>().Client.MarketData);
        services.AddSingleton<IAccountReader>(sp => sp.GetRequiredService<BrokerRuntime>().Client.Account);
        services.AddSingleton<IRealtimeFeed>(sp => sp.GetRequiredService<BrokerRuntime>().Feed);
        return services;
    }
}
