using Microsoft.AspNetCore.SignalR;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Live;

/// <summary>Live updates: the in-process event bus, the caches the dashboard reads, and the SignalR market hub.</summary>
public static class LiveServices
{
    public const string MarketHubPath = "/hubs/market";

    public static IServiceCollection AddKisTraderLive(this IServiceCollection services)
    {
        services.AddSingleton<IEventBus>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("KisTrader.EventBus");
            return new InMemoryEventBus(ex => logger.LogError(ex, "An event subscriber failed"));
        });
        services.AddSingleton<TickCache>();
        services.AddSingleton<OrderBookCache>();
        services.AddSingleton<FeedHistory>();
        services.AddSingleton<OrderBookSubscriptions>();
        services.AddSingleton<TickerNames>();
        // Started by the start-up sequence's first step, before anything publishes (Hosting/Startup/AppStartupSteps).
        services.AddSingleton<LiveCacheUpdater>();
        services.AddSingleton<MarketHubForwarder>();
        services.AddSignalR(o =>
        {
            o.EnableDetailedErrors = false;
            o.AddFilter<HubRefusalFilter>();
        });
        return services;
    }

    public static WebApplication MapKisTraderLive(this WebApplication app)
    {
        app.MapHub<MarketHub>(MarketHubPath);
        return app;
    }
}
