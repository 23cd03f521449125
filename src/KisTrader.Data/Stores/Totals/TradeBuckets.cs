using KisTrader.Core.Market;

namespace KisTrader.Data.Stores.Totals;

/// <summary>The subtotal tables' keys and units. A trade counts towards the KST day (yyyymmdd), month (yyyymm) and year
/// (yyyy) of its timestamp; money is kept in ten-thousandths of a won as integers (prices have at most 4 decimals, P&amp;L is stored
/// with 4), so both databases add them up exactly and natively.</summary>
internal static class TradeBuckets
{
    public const decimal Scale = 10_000m;

    public static int DayKey(DateTime utc)
    {
        var kst = DateTime.SpecifyKind(utc, DateTimeKind.Utc) + KoreaTime.Offset;
        return kst.Year * 10_000 + kst.Month * 100 + kst.Day;
    }

    public static int MonthKey(int dayKey) => dayKey / 100;

    public static int YearKey(int dayKey) => dayKey / 10_000;

    public static int DayKey(DateTimeOffset kstMidnight) => DayKey(kstMidnight.UtcDateTime);

    public static int MonthKey(DateTimeOffset kstMonthStart) => MonthKey(DayKey(kstMonthStart.UtcDateTime));

    public static int YearKey(DateTimeOffset kstYearStart) => YearKey(DayKey(kstYearStart.UtcDateTime));

    /// <summary><paramref name="value"/> in ten-thousandths, exactly; more decimals than 4 are refused (the store rounds
    /// P&amp;L to the column's 4 before it gets here).</summary>
    public static long ToScaled(decimal value)
    {
        var scaled = value * Scale;
        if (decimal.Truncate(scaled) != scaled)
            throw new ArgumentException($"{value} has more than 4 decimal places.", nameof(value));
        return checked((long)scaled);
    }

    public static decimal FromScaled(decimal scaled) => scaled / Scale;
}
