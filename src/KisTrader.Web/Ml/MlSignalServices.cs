using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ports;
using KisTrader.Ml;
using KisTrader.Ml.Live;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Ml;

/// <summary>Composes the live ML signal from the "Ml" section: the scorer over the registry's active model and the
/// history store's features, or the disabled scorer when Ml:Enabled is false. The market analysis node takes it.</summary>
public static class MlSignalServices
{
    public static IServiceCollection AddKisTraderMlSignal(this IServiceCollection services)
    {
        services.AddSingleton<IMlSignalScorer>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<MlOptions>>().Value;
            if (!o.Enabled) return new DisabledMlSignalScorer();
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger<MlSignalScorer>();
            return new MlSignalScorer(sp.GetRequiredService<IModelRegistry>(),
                new LiveFeatures(sp.GetRequiredService<IMarketHistory>(), new DailyFeatures(), o.MaxHistoryAgeDays),
                o.Signal, new ScoringModelLoader(), message => log.LogWarning("{Message}", message));
        });
        return services;
    }
}
