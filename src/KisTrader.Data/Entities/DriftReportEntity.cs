namespace KisTrader.Data.Entities;

/// <summary>Row of <c>drift_reports</c>: one drift check of a signal's active model. The per-feature PSI values are JSON
/// text, dates yyyy-MM-dd text, as in <c>model_versions</c>.</summary>
public sealed class DriftReportEntity
{
    public long Id { get; set; }
    public string Signal { get; set; } = "";
    public int ModelVersion { get; set; }
    public DateTime ComputedAt { get; set; }
    public string RecentFrom { get; set; } = "";
    public string RecentTo { get; set; } = "";
    public int RecentRows { get; set; }
    public string FeaturesJson { get; set; } = "[]";
    public bool Alert { get; set; }
}
