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
        PatternRows = SyntheticMarket.Generate(seed: 42, Instruments, Sessions, pattern: true);
        NoPatternRows = SyntheticMarket.Generate(seed: 43, Instruments, Sessions, pattern: false);
        PatternHistory = FeatureHistory.FromRows(PatternRows);
        Pattern = new DatasetBuilder(new DailyFeatures()).Build(PatternHistory, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        NoPattern = new DatasetBuilder(new DailyFeatures()).Build(
            FeatureHistory.FromRows(NoPatternRows), SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        BuildTime = clock.Elapsed;
    }

    /// <summary>The bars behind <see cref="Pattern"/> and <see cref="NoPattern"/> (the gated backtest trades on them).</summary>
    public IReadOnlyList<Core.History.HistoryBar> PatternRows { get; }
    public IReadOnlyList<Core.History.HistoryBar> NoPatternRows { get; }
    public FeatureHistory PatternHistory { get; }
    public MlDataset Pattern { get; }
    public MlDataset NoPattern { get; }
    public TimeSpan BuildTime { get; }
}
