namespace KisTrader.Core.Ml.Evaluation;

/// <summary>A metric that may be undefined for the data (ROC AUC with one class in the labels, average precision with
/// no positives): either a value or the reason there is none, never a silent NaN.</summary>
public sealed record MetricValue(double? Value, string? UndefinedReason)
{
    public bool IsDefined => Value is not null;

    public static MetricValue Of(double value) => new(value, null);

    public static MetricValue Undefined(string reason) => new(null, reason);

    public override string ToString() => Value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : $"undefined ({UndefinedReason})";
}
