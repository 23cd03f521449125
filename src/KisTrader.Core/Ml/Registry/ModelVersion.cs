namespace KisTrader.Core.Ml.Registry;

/// <summary>
/// One trained model of a signal, immutable once registered: what it was trained on (window, features and their
/// version, data hash), how (trainer, hyper-parameters), how well it did out of sample (metrics, gated backtest) and its
/// artifacts. Only <see cref="Status"/> and the note beside it change afterwards; exactly one version per signal is
/// active once any has been.
/// </summary>
public sealed record ModelVersion
{
    public const int MaxSignalLength = 64;

    /// <summary>What the model predicts, e.g. <c>up5d-1pct</c>; versions are numbered per signal.</summary>
    public required string Signal { get; init; }
    public required int Version { get; init; }
    /// <summary><c>lr</c>, <c>rf</c>, <c>lgbm</c> (the command line's names) or a baseline's name.</summary>
    public required string Trainer { get; init; }
    public required TrainingWindow Window { get; init; }
    /// <summary>The feature columns in the order the model takes them.</summary>
    public required IReadOnlyList<string> Features { get; init; }
    /// <summary>The version of the feature code that computed them (a model is only scored with the same one).</summary>
    public required string FeatureSetVersion { get; init; }
    public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }
    /// <summary>SHA-256 of the training rows, so a retrain on the same data is recognisable.</summary>
    public required string DataSha256 { get; init; }
    public required ModelMetrics Metrics { get; init; }
    /// <summary>Null until the gated backtest has run; a version without one is never promoted.</summary>
    public GatedBacktestResult? Backtest { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<ModelArtifactInfo> Artifacts { get; init; } = [];
    public ModelStatus Status { get; init; } = ModelStatus.Candidate;
    /// <summary>Why the status is what it is: the promotion, rollback or refusal, with its reasons.</summary>
    public string? StatusReason { get; init; }
    public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>"up5d-1pct v3".</summary>
    public string Label => $"{Signal} v{Version}";

    /// <summary>The first problem that keeps this version out of the registry, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Signal) || Signal.Length > MaxSignalLength) return $"the signal name must be 1-{MaxSignalLength} characters";
        if (Version < 1) return "the version must be at least 1";
        if (string.IsNullOrWhiteSpace(Trainer) || Trainer.Length > 32) return "the trainer must be 1-32 characters";
        if (Window.To < Window.From) return $"the training window ends ({Window.To:yyyy-MM-dd}) before it starts ({Window.From:yyyy-MM-dd})";
        if (Features.Count == 0 || Features.Any(string.IsNullOrWhiteSpace)) return "the feature list must name every feature";
        if (Features.Distinct(StringComparer.Ordinal).Count() != Features.Count) return "the feature list names a feature twice";
        if (string.IsNullOrWhiteSpace(FeatureSetVersion) || FeatureSetVersion.Length > 64) return "the feature-set version must be 1-64 characters";
        if (DataSha256.Length != 64 || !DataSha256.All(Uri.IsHexDigit)) return "the data hash must be 64 hexadecimal digits (SHA-256)";
        if (!double.IsFinite(Metrics.F1) || Metrics.F1 is < 0 or > 1) return "the metrics' F1 must be in [0, 1]";
        return null;
    }
}
