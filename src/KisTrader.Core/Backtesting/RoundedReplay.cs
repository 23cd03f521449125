namespace KisTrader.Core.Backtesting;

/// <summary>
/// The backtest's fast path for the indicators the analysis rounds to two places (RSI, EMA, MACD, Bollinger bands):
/// the same recurrence replayed in <see cref="double"/>, which gives the value the decimal replay rounds to whenever the
/// double lies clearly inside one rounding interval. A double replay over ~100 bars is off the real value by about
/// 1e-14 of the prices' magnitude; the decimal one by about 1e-26. So when the double is farther than
/// <see cref="Margin"/> (1e-11 of that magnitude plus 1e-8) from every rounding boundary (x.xx5), both round to the same
/// hundredth. Near a boundary, and near a multiple of 0.1 (where the decimal result may carry fewer than two decimals,
/// a scale the JSON and the justifications show), and at zero (the sign of a decimal zero), it answers null and the
/// caller runs the exact decimal replay. The result is therefore the decimal replay's, scale included; only the cost
/// differs (a test compares both on every session of the golden series and on series built to hit the fallbacks).
/// </summary>
internal static class RoundedReplay
{
    /// <summary>The distance from a boundary, in units of the last place (hundredths), below which the double is not trusted.</summary>
    internal static double Margin(double magnitude) => 1e-6 + Math.Abs(magnitude) * 100d * 1e-11;

    /// <summary><paramref name="x"/> rounded to two places as a decimal of scale 2, or null when the double cannot
    /// decide it (see the class).</summary>
    internal static decimal? Round2(double x, double magnitude)
    {
        var y = x * 100d;
        if (!double.IsFinite(y) || Math.Abs(y) > 1e15) return null;
        var margin = Margin(magnitude);
        var frac = y - Math.Floor(y);
        if (Math.Abs(frac - 0.5) <= margin) return null;
        var tenths = y / 10d;
        if (Math.Abs(tenths - Math.Round(tenths)) * 10d <= margin) return null;
        var k = (long)Math.Round(y);
        if (k == 0) return null;
        var a = (ulong)Math.Abs(k);
        return new decimal((int)(uint)a, (int)(uint)(a >> 32), 0, k < 0, 2);
    }
}
