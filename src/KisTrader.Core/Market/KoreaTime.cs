namespace KisTrader.Core.Market;

/// <summary>Korea Standard Time. Korea has no daylight saving, so a fixed UTC+9 offset is exact and needs no tz database.</summary>
public static class KoreaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateTimeOffset ToKst(this DateTimeOffset t) => t.ToOffset(Offset);

    /// <summary>Midnight KST of the day containing <paramref name="t"/>.</summary>
    public static DateTimeOffset StartOfDay(DateTimeOffset t)
    {
        var kst = t.ToKst();
        return new DateTimeOffset(kst.Year, kst.Month, kst.Day, 0, 0, 0, Offset);
    }

    public static string Format(DateTimeOffset t) => t.ToKst().ToString("yyyy-MM-dd HH:mm:ss");
}
