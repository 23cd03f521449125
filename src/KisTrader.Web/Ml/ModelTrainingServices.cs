using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Core.Ports;
using KisTrader.Ml;
using KisTrader.Ml.Retraining;
using KisTrader.Web.History;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Ml;

/// <summary>Composes continuous learning: the retraining service (one per app, shared by the weekly job, the Models page
/// and <c>train</c>) and the drift monitor over the watchlist and the holdings, from the "Ml" section. Logic lives in
/// <see cref="ModelTrainingService"/> and <see cref="DriftMonitor"/>; this only wires.</summary>
public static class ModelTrainingServices
{
    public static IServiceCollection AddKisTraderModelTraining(this IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(TrainingOptionsFrom(settings.Ml.Training));
        services.AddSingleton(DriftOptionsFrom(settings.Ml));
        services.AddSingleton<IDriftMonitor>(sp =>
        {
            var trading = sp.GetRequiredService<TradingOptions>();
            var account = sp.GetRequiredService<IAccountReader>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<DriftMonitor>();
            return new DriftMonitor(sp.GetRequiredService<IModelRegistry>(), sp.GetRequiredService<IMarketHistory>(), sp.GetRequiredService<IDriftReportStore>(),
                async ct => (await TradedTickers.ListAsync(trading, account, logger, "drift check: the watchlist is checked", ct)).Distinct(StringComparer.Ordinal).ToList(), new DailyFeatures(), sp.GetRequiredService<IEventBus>(),
                sp.GetRequiredService<INotifier>(), sp.GetRequiredService<DriftOptions>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<ModelTrainingService>();
            return new ModelTrainingService(sp.GetRequiredService<IMarketHistory>(), sp.GetRequiredService<IModelRegistry>(),
                sp.GetRequiredService<ModelRegistryService>(), sp.GetRequiredService<ModelTrainingOptions>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IDriftMonitor>(), log: (step, error) => Log(logger, step, error));
        });
        services.AddSingleton<IModelTrainingService>(sp => sp.GetRequiredService<ModelTrainingService>());
        return services;
    }

    public static ModelTrainingOptions TrainingOptionsFrom(MlTrainingOptions o) => new()
    {
        WindowSessions = o.WindowSessions,
        Trainers = o.TrainerNames,
        Label = new LabelSpec(o.LabelHorizon, o.LabelThreshold),
        AutoPromote = o.AutoPromote,
    };

    public static DriftOptions DriftOptionsFrom(MlOptions o) => new()
    {
        Signal = SignalTraining.SignalName(new LabelSpec(o.Training.LabelHorizon, o.Training.LabelThreshold)),
        RecentSessions = o.Drift.RecentSessions,
        AlertPsi = o.Drift.AlertPsi,
        IgnoredFeatures = o.Drift.IgnoredFeatureNames,
    };

    private static void Log(ILogger logger, TrainingProgress step, Exception? error)
    {
        if (step.Error is not null || error is not null)
            logger.LogError(error, "Training {RunId} {Stage}: {Message}", step.RunId, step.Stage, step.Message);
        else
            logger.LogInformation("Training {RunId} {Stage} ({Done}/{Total}): {Message}", step.RunId, step.Stage, step.Done, step.Total, step.Message);
    }
}
