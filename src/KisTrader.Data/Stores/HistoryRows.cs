using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Data.Entities;

namespace KisTrader.Data.Stores;

/// <summary>The integer encoding of <c>history_bars</c> (see <see cref="HistoryBarEntity"/>): prices in hundredths, the
/// KST start as yyyyMMddHHmm, traded value in whole won, collection time in Unix milliseconds.</summary>
internal static class HistoryRows
{
    public static long Price(decimal value) => decimal.ToInt64(Math.Round(value * 100m, MidpointRounding.AwayFromZero));

    /// <summary>Whole won come back as integral decimals (71000, not 71000.00), so they print as they went in; others with
    /// the scale a division by 100m would give (12.4, 12.45), built from their parts without the division's cost.</summary>
    public static decimal Price(long hundredths)
    {
        if (hundredths % 100 == 0) return hundredths / 100;
        var magnitude = unchecked((ulong)(hundredths < 0 ? -hundredths : hundredths));
        byte scale = 2;
        if (magnitude % 10 == 0) (magnitude, scale) = (magnitude / 10, 1);
        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, hundredths < 0, scale);
    }

    public static long Time(DateTimeOffset t)
    {
        var k = t.ToKst();
        return k.Year * 100_000_000L + k.Month * 1_000_000L + k.Day * 10_000L + k.Hour * 100L + k.Minute;
    }

    public static DateTimeOffset Time(long v) =>
        new((int)(v / 100_000_000), (int)(v / 1_000_000 % 100), (int)(v / 10_000 % 100), (int)(v / 100 % 100), (int)(v % 100), 0, KoreaTime.Offset);

    /// <summary>The first and last kst_time of the session dates [from, to].</summary>
    public static (long From, long To) Range(DateOnly from, DateOnly to) =>
        (from.Year * 100_000_000L + from.Month * 1_000_000L + from.Day * 10_000L, to.Year * 100_000_000L + to.Month * 1_000_000L + to.Day * 10_000L + 2359);

    public static HistoryBarEntity ToEntity(HistoryBar b) => new()
    {
        Ticker = b.Ticker,
        Resolution = (int)b.Resolution,
        KstTime = Time(b.Time),
        Open = Price(b.Open),
        High = Price(b.High),
        Low = Price(b.Low),
        Close = Price(b.Close),
        AdjOpen = Price(b.AdjustedOpen),
        AdjHigh = Price(b.AdjustedHigh),
        AdjLow = Price(b.AdjustedLow),
        AdjClose = Price(b.AdjustedClose),
        Volume = b.Volume,
        TradedValue = decimal.ToInt64(Math.Round(b.TradedValue, MidpointRounding.AwayFromZero)),
        Source = b.Source,
        CollectedAtMs = b.CollectedAt.ToUnixTimeMilliseconds(),
    };
}
