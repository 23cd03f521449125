namespace KisTrader.Data.Entities;

/// <summary>Row of <c>model_versions</c>: one immutable model version; only <c>status</c>, <c>status_reason</c> and
/// <c>status_changed_at</c> change. Lists, hyper-parameters, metrics and the gated backtest are JSON text, dates
/// yyyy-MM-dd text, as in <c>backtests</c>. The artifacts' bytes are in <c>model_artifacts</c>.</summary>
public sealed class ModelVersionEntity
{
    public string Signal { get; set; } = "";
    public int Version { get; set; }
    public string Trainer { get; set; } = "";
    public string WindowFrom { get; set; } = "";
    public string WindowTo { get; set; } = "";
    public string FeaturesJson { get; set; } = "[]";
    public string FeatureSetVersion { get; set; } = "";
    public string HyperParametersJson { get; set; } = "{}";
    public string DataSha256 { get; set; } = "";
    /// <summary>The headline out-of-sample F1, also inside <see cref="MetricsJson"/>, as a column for lists.</summary>
    public double F1 { get; set; }
    public string MetricsJson { get; set; } = "";
    public string? BacktestJson { get; set; }
    public string ArtifactsJson { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public string Status { get; set; } = "";
    public string? StatusReason { get; set; }
    public DateTime? StatusChangedAt { get; set; }
}

/// <summary>Row of <c>model_artifacts</c>: the bytes of one stored form (onnx, mlnet) of a model version.</summary>
public sealed class ModelArtifactEntity
{
    public string Signal { get; set; } = "";
    public int Version { get; set; }
    public string Format { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
}
