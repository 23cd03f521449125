namespace KisTrader.Core.Alerts;

/// <summary>Double-precision screens in front of <see cref="AlertDetector"/>'s exact decimal tests. Nearly every tick is
/// far from every threshold, and the exact price change (a decimal division to 28 digits) and the volume test (a
/// double → decimal conversion and a decimal product) were most of a tick's time in the windows (issue 18 goal 1). A
/// screen says "certainly not" only when the estimate is a million times its own worst error (~1e-15 relative) away
/// from the threshold; anything closer goes to the exact test, so the alerts are the same to the last digit.</summary>
internal static class ThresholdScreen
{
    private const double Margin = 1e-9;

    /// <summary>True when the exact change in percent, (price − reference) / reference × 100, is certainly above
    /// −<paramref name="plungePercent"/> and below <paramref name="surgePercent"/>: neither a surge nor a plunge.</summary>
    public static bool ChangeIsInside(decimal price, decimal reference, double surgePercent, double plungePercent)
    {
        var change = ((double)price - (double)reference) / (double)reference * 100.0;
        // The subtraction's error is relative to the operands, not to their difference: measured against the reference
        // it is at most a few ulps of (|change| + 200) percent.
        var margin = Margin * (Math.Abs(change) + 200.0);
        return change < surgePercent - margin && change > -plungePercent + margin;
    }

    /// <summary>True when <paramref name="volume"/> is certainly below <paramref name="multiple"/> × the decimal of
    /// <paramref name="average"/> (false for a negative product or a NaN average, which the exact test decides).</summary>
    public static bool VolumeIsBelow(long volume, double average, double multiple) =>
        volume < multiple * average * (1.0 - Margin);
}
