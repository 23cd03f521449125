namespace KisTrader.Core.Alerts;

/// <summary>Double-precision screens in front of <see cref="AlertDetector"/>'s exact decimal tests. Nearly every tick is
/// far from every threshold, and the exact price change (a decimal division to 28 digits) and the volume test (a
/// double → decimal conversion and a decimal product) were most of a tick's time in the windows (issue 18 goal 1). A
/// screen says "certainly not" only when the estimate is a million times its own worst error (~1e-15 relative) away
/// from the threshold; anything closer goes to the exact test, so the alerts are the same to the last digit.</summary>
internal static class ThresholdScreen
{
    private const double Margin = 1e-9;

    /// <summary>Where the exact change in percent, (price − reference) / reference × 100, certainly lies against the
    /// surge threshold and the plunge threshold (negated); <see cref="Change.Uncertain"/> when the estimate is too close
    /// to either to say.</summary>
    public static Change Classify(decimal price, decimal reference, double surgePercent, double plungePercent)
    {
        var change = ((double)price - (double)reference) / (double)reference * 100.0;
        // The subtraction's error is relative to the operands, not to their difference: measured against the reference
        // it is at most a few ulps of (|change| + 200) percent.
        var margin = Margin * (Math.Abs(change) + 200.0);
        if (change < surgePercent - margin && change > -plungePercent + margin) return Change.Inside;
        // Certainly past a threshold: a standing surge or plunge (every tick of it a candidate, most dropped by the
        // cooldown) then skips the exact division unless an alert is raised and its message needs the figure.
        if (change > surgePercent + margin) return Change.Surge;
        if (change < -plungePercent - margin && change < surgePercent - margin) return Change.Plunge;
        return Change.Uncertain;
    }

    public enum Change { Inside, Surge, Plunge, Uncertain }

    /// <summary>True when <paramref name="volume"/> is certainly below <paramref name="multiple"/> × the decimal of
    /// <paramref name="average"/> (false for a negative product or a NaN average, which the exact test decides).</summary>
    public static bool VolumeIsBelow(long volume, double average, double multiple) =>
        volume < multiple * average * (1.0 - Margin);
}
