using System.Text.Json;
using KisTrader.Core.Ml.Evaluation;

namespace KisTrader.Core.Ml.Registry;

/// <summary>One class's out-of-sample precision, recall and F1 at the decision threshold, and how many test rows it has.</summary>
public sealed record ReportClass(string Name, double Precision, double Recall, double F1, int Support);

/// <summary>How much the permutation score drops when one feature is shuffled: the mean and standard deviation over the repeats.</summary>
public sealed record ReportFeature(string Name, double Mean, double StdDev);

/// <summary>
/// What the Models page draws for a version, computed at training over the walk-forward test predictions (out of
/// sample) and stored as the version's <see cref="Format"/> artifact (JSON): per-class metrics and the confusion matrix
/// at the threshold, the precision-recall curve (thinned to at most <see cref="MaxCurvePoints"/> points), the calibration
/// bins, and the permutation importance of each feature (the drop in <see cref="ImportanceScore"/> on the test rows).
/// Versions trained before the report existed have none.
/// </summary>
public sealed record ModelReport
{
    public const string Format = "report";
    public const int MaxCurvePoints = 400;

    public required int TestRows { get; init; }
    /// <summary>The decision threshold the classes and the confusion matrix are read at (the last fold's, chosen on validation rows).</summary>
    public required double Threshold { get; init; }
    /// <summary>The positive label's share of the test rows: the precision a model without skill gets at every recall.</summary>
    public required double PositiveRate { get; init; }
    public required IReadOnlyList<ReportClass> Classes { get; init; }
    /// <summary><c>Confusion[actual][predicted]</c>, rows and columns in the order of <see cref="Classes"/>.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }
    /// <summary>Thresholds ascending (recall falling); empty when the test rows hold no positive.</summary>
    public required IReadOnlyList<PrPoint> PrCurve { get; init; }
    public double? AveragePrecision { get; init; }
    public required IReadOnlyList<ReliabilityBin> Calibration { get; init; }
    public required double Brier { get; init; }
    /// <summary>The score the importance is the drop of, e.g. "ROC AUC".</summary>
    public required string ImportanceScore { get; init; }
    /// <summary>The score on the unshuffled rows; null when the importance could not be computed.</summary>
    public double? ImportanceBaseline { get; init; }
    /// <summary>How many test rows the importance was measured on (a deterministic sample when there are many).</summary>
    public int ImportanceRows { get; init; }
    /// <summary>Every feature, the most important first; empty (with <see cref="ImportanceUnavailable"/>) when not computed.</summary>
    public required IReadOnlyList<ReportFeature> Importance { get; init; }
    public string? ImportanceUnavailable { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The report stored in an artifact.</summary>
    /// <exception cref="FormatException">The bytes are not a report (malformed JSON, a field missing, or a confusion
    /// matrix that does not match the classes).</exception>
    public static ModelReport Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelReport? report;
        try
        {
            report = JsonSerializer.Deserialize<ModelReport>(bytes, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The stored model report is not valid: {ex.Message}", ex);
        }
        if (report is null) throw new FormatException("The stored model report is empty (null).");
        if (report.Classes is null || report.Confusion is null || report.PrCurve is null || report.Calibration is null || report.Importance is null)
            throw new FormatException("The stored model report lacks a list (classes, confusion, PR curve, calibration or importance).");
        if (report.Confusion.Count != report.Classes.Count || report.Confusion.Any(r => r is null || r.Count != report.Classes.Count))
            throw new FormatException($"The stored model report's confusion matrix is not {report.Classes.Count} × {report.Classes.Count} (one row and column per class).");
        return report;
    }

    /// <summary>At most <paramref name="max"/> points of the curve, evenly spaced, keeping its first and last.</summary>
    public static IReadOnlyList<PrPoint> Thin(IReadOnlyList<PrPoint> points, int max = MaxCurvePoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (points.Count <= max) return points;
        return [.. Enumerable.Range(0, max).Select(i => points[(int)Math.Round((double)i * (points.Count - 1) / (max - 1))])];
    }
}
