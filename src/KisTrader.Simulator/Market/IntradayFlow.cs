using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>
/// How many shares the market's taker flow trades by time of day. A trading day carries the instrument's usual volume
/// (the same daily total as the generated history): over the 6.5-hour KRX session with the U-shaped profile, or, when
/// always open, spread evenly over the 24-hour KST day. Even, because that is the day a consumer measures "volume so
/// far" against on an always-open market; at KRX's rate the simulator traded almost four days' volume a day, and every
/// hour read as a volume surge.
/// </summary>
internal static class IntradayFlow
{
    private static readonly double SessionSeconds = (TradingCalendar.SessionClose - TradingCalendar.SessionOpen).TotalSeconds;

    /// <summary>Mean of the lognormal noise the live flow applies per tick (exp(0.5 g)).</summary>
    public static readonly double NoiseMean = Math.Exp(0.125);

    /// <summary>Expected shares per second at <paramref name="now"/>, before noise.</summary>
    public static double PerSecond(SimulatedInstrument instrument, DateTimeOffset now, bool alwaysOpen) => alwaysOpen
        ? instrument.DailyVolume * TradingCalendar.MeanVolumeProfile / TimeSpan.FromDays(1).TotalSeconds
        : instrument.DailyVolume * TradingCalendar.VolumeProfile(now) / SessionSeconds;

    /// <summary>When today's trading began and until when it has run by <paramref name="now"/> (to ≤ from: not yet).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) SessionSoFar(DateOnly tradingDate, DateTimeOffset now, bool alwaysOpen)
    {
        var midnight = new DateTimeOffset(tradingDate.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
        if (alwaysOpen) return (midnight, now);
        var open = midnight + TradingCalendar.SessionOpen.ToTimeSpan();
        var close = midnight + TradingCalendar.SessionClose.ToTimeSpan();
        return (open, now < close ? now : close);
    }
}
