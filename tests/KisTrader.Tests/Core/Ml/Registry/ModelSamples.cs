using KisTrader.Core.Ml.Registry;

namespace KisTrader.Tests.Core.Ml.Registry;

/// <summary>Model versions for the registry tests.</summary>
internal static class ModelSamples
{
    public const string Signal = "up5d-1pct";
    public static readonly DateTimeOffset T0 = new(2026, 12, 11, 1, 0, 0, 123, TimeSpan.Zero);
    public static readonly ModelArtifact Onnx = new(ModelArtifact.Onnx, [0x08, 0x07, 0x12, 0x00, 0xFF, 0x10]);
    public static readonly ModelArtifact MlNet = new(ModelArtifact.MlNet, [0x50, 0x4B, 0x03, 0x04, 0x00]);

    public static ModelVersion Version(int v, double f1 = 0.6, double? excess = 0.02, string signal = Signal) => new()
    {
        Signal = signal,
        Version = v,
        Trainer = "rf",
        Window = new TrainingWindow(new DateOnly(2016, 1, 4), new DateOnly(2025, 12, 30)),
        Features = ["ret_1d", "ret_5d", "rsi_14", "vol_ratio_20", "dist_52w_high"],
        FeatureSetVersion = "features-1",
        HyperParameters = new Dictionary<string, string> { ["trees"] = "100", ["leaves"] = "20", ["seed"] = "42" },
        DataSha256 = new string('a', 63) + (v % 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Metrics = new ModelMetrics
        {
            F1 = f1, Precision = 0.55, Recall = 0.66, RocAuc = 0.71, AveragePrecision = 0.58, Brier = 0.21, Threshold = 0.43,
            BaselineF1 = 0.3, TestRows = 12_345,
            Classes = [new ClassScore("negative", 0.81, 0.74, 0.7734, 8_000), new ClassScore("positive", 0.55, 0.66, 0.6, 4_345)],
        },
        Backtest = excess is { } x
            ? new GatedBacktestResult
            {
                BacktestId = $"bt-{v}", From = new DateOnly(2026, 1, 5), To = new DateOnly(2026, 11, 30),
                GatedReturn = 0.05 + x, UngatedReturn = 0.05, GatedMaxDrawdown = 0.08, UngatedMaxDrawdown = 0.11, GatedSharpe = 1.2,
            }
            : null,
        CreatedAt = T0.AddHours(v),
        Artifacts = [Onnx.Info, MlNet.Info],
    };

    public static ModelArtifact[] Artifacts => [Onnx, MlNet];

    /// <summary>Everything but the collections, which records compare by reference.</summary>
    public static void AssertSame(ModelVersion expected, ModelVersion? actual)
    {
        Assert.NotNull(actual);
        // Lists compare by reference inside a record: they are compared apart.
        Assert.Equal(expected with { Features = [], HyperParameters = Empty, Artifacts = [], Metrics = expected.Metrics with { Classes = null } },
            actual with { Features = [], HyperParameters = Empty, Artifacts = [], Metrics = actual.Metrics with { Classes = null } });
        Assert.Equal(expected.Metrics.Classes, actual.Metrics.Classes);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.HyperParameters.OrderBy(kv => kv.Key), actual.HyperParameters.OrderBy(kv => kv.Key));
        Assert.Equal(expected.Artifacts, actual.Artifacts);
    }

    private static readonly Dictionary<string, string> Empty = [];
}
