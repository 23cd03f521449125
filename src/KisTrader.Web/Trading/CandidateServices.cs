using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ports;
using KisTrader.Kis.Realtime;
using KisTrader.Web.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KisTrader.Web.Trading;

/// <summary>Composes the candidates from the broker's rankings (Trading:Candidates). The ML scorer is the one the ML
/// services register; without one, the disabled scorer answers "switched off" and no candidate is proposed.</summary>
public static class CandidateServices
{
    public static IServiceCollection AddKisTraderCandidates(this IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(settings.Trading.Candidates.ToOptions(KisRealtimeSession.MarketDataLimit));
        services.TryAddSingleton<IMlSignalScorer, DisabledMlSignalScorer>();
        services.AddSingleton<ActiveCandidates>();
        services.AddSingleton<RankingCache>();
        services.AddSingleton(sp => new CandidateSubscriptions(sp.GetRequiredService<IRealtimeFeed>(), sp.GetRequiredService<TickCache>(),
            sp.GetRequiredService<CandidateOptions>()));
        services.AddSingleton<RankingCandidateSource>();
        return services;
    }
}
