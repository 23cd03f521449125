namespace KisTrader.Core.Ml.Drift;

/// <summary>
/// The population stability index of one feature: Σ (actual − expected) × ln(actual / expected) over the bins of the
/// training window's distribution, each share floored at <see cref="Floor"/> so an empty bin counts as rare, not as an
/// infinite shift. Read as usual: below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 drifted.
/// </summary>
public static class PopulationStability
{
    /// <summary>The smallest share a bin counts with (an empty bin on either side would make the logarithm infinite).</summary>
    public const double Floor = 1e-4;

    public const double ModerateFrom = 0.1;
    public const double DriftFrom = 0.25;

    public static double Index(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count)
            throw new ArgumentException($"{expected.Count} expected shares against {actual.Count} actual ones: the bins must be the same.", nameof(actual));
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Floor);
            var a = Math.Max(actual[i], Floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>"stable", "moderate" or "drift".</summary>
    public static string Level(double psi) => psi switch
    {
        < ModerateFrom => "stable",
        <= DriftFrom => "moderate",
        _ => "drift",
    };
}
