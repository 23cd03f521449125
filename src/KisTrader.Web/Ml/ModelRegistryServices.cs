using KisTrader.Core.Ml.Registry;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Ml;

/// <summary>Composes the model registry's service: the promotion margins from the "ModelPromotion" section and the
/// registry itself (the EF one, registered by the data project). Domain types come from Core; this only wires.</summary>
public static class ModelRegistryServices
{
    public static IServiceCollection AddKisTraderModelRegistry(this IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(CoreOptionsFrom(settings.ModelPromotion));
        services.AddSingleton<ModelRegistryService>();
        return services;
    }

    public static PromotionOptions CoreOptionsFrom(ModelPromotionOptions o) => new()
    {
        MinF1Gain = o.MinF1Gain,
        MinBacktestExcessGain = o.MinBacktestExcessGainPercent / 100d,
    };
}
