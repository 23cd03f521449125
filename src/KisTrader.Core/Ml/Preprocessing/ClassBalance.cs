namespace KisTrader.Core.Ml.Preprocessing;

/// <summary>How the binary labels of a window divide, and the example weights that make both classes weigh the same in
/// training (n / (2 × class count), the usual "balanced" weights): how the imbalance is handled unless the threshold is
/// moved instead.</summary>
public sealed record ClassBalance(int Positives, int Negatives)
{
    /// <summary>A minority share below this is reported as imbalanced.</summary>
    public const double ImbalancedBelow = 0.4;

    public static ClassBalance Of(IEnumerable<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int p = 0, n = 0;
        foreach (var l in labels)
            if (l) p++;
            else n++;
        return new ClassBalance(p, n);
    }

    public int Total => Positives + Negatives;
    public double PositiveShare => Total > 0 ? (double)Positives / Total : double.NaN;
    public bool MajorityIsPositive => Positives > Negatives;
    public bool IsImbalanced => Total > 0 && Math.Min(Positives, Negatives) < ImbalancedBelow * Total;

    public float PositiveWeight => Positives > 0 ? (float)(Total / (2.0 * Positives)) : 0f;
    public float NegativeWeight => Negatives > 0 ? (float)(Total / (2.0 * Negatives)) : 0f;

    /// <summary>The other way to handle the imbalance, for a model trained without weights: call a row positive when its
    /// probability exceeds the training window's positive share rather than 0.5.</summary>
    public float PriorThreshold => (float)PositiveShare;

    public float[] Weights(IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return [.. labels.Select(l => l ? PositiveWeight : NegativeWeight)];
    }

    public override string ToString() =>
        $"{Positives} positive / {Negatives} negative ({PositiveShare:P1} positive{(IsImbalanced ? ", imbalanced" : "")}; weights +{PositiveWeight:F3} −{NegativeWeight:F3})";
}
