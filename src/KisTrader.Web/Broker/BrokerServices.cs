using KisTrader.Core.Ports;
using KisTrader.Kis;
using KisTrader.Kis.Auth;

namespace KisTrader.Web.Broker;

public static class BrokerServices
{
    /// <summary>Registers the broker ports: narrow ones (market data, account, realtime feed), never the order functions.
    /// The start-up sequence starts the connection (Hosting/Startup/AppStartupSteps).</summary>
    public static IServiceCollection AddKisTraderBroker(this IServiceCollection services)
    {
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<BrokerRuntime>();
        services.AddSingleton<KisStatus>(sp => sp.GetRequiredService<BrokerRuntime>().Status);
        services.AddSingleton<IMarketData>(sp => sp.GetRequiredService<BrokerRuntime>().MarketData);
        services.AddSingleton<KisTrader.Core.History.IIndexChart>(sp => sp.GetRequiredService<BrokerRuntime>().IndexChart);
        services.AddSingleton<KisTrader.Core.History.IRawPriceChart>(sp => sp.GetRequiredService<BrokerRuntime>().RawPriceChart);
        services.AddSingleton<KisTrader.Core.History.IInstrumentMarkets>(sp => sp.GetRequiredService<BrokerRuntime>().InstrumentMarkets);
        services.AddSingleton<IAccountReader>(sp => sp.GetRequiredService<BrokerRuntime>().Account);
        services.AddSingleton<IRealtimeFeed>(sp => sp.GetRequiredService<BrokerRuntime>().Feed);
        return services;
    }
}
