using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Preprocessing;

namespace KisTrader.Ml.Tests;

/// <summary>The two seeded histories of the acceptance tests, built once per test class: one with the planted pattern
/// (a volume spike lifts the next five sessions), one without (spikes, no consequence).</summary>
public sealed class SyntheticDatasets
{
    public const int Instruments = 24;
    public const int Sessions = 640;

    public static readonly WalkForwardOptions Windows = new() { Folds = 3, TestSessions = 80, MinTrainSessions = 250, EmbargoSessions = 5 };

    public SyntheticDatasets()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        PatternHistory = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 42, Instruments, Sessions, pattern: true));
        Pattern = new DatasetBuilder(new DailyFeatures()).Build(PatternHistory, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        NoPattern = new DatasetBuilder(new DailyFeatures()).Build(
            FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 43, Instruments, Sessions, pattern: false)), SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        BuildTime = clock.Elapsed;
    }

    public FeatureHistory PatternHistory { get; }
    public MlDataset Pattern { get; }
    public MlDataset NoPattern { get; }
    public TimeSpan BuildTime { get; }
}
