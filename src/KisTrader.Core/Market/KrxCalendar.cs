namespace KisTrader.Core.Market;

/// <summary>The one place for KRX session hours and trading days. Trading days are weekdays that are not exchange
/// holidays. The holidays are the built-in list of KRX closures 2010–2027 (<see cref="KrxHolidays"/>, generated from an
/// independent holiday library plus the KRX-only closures; Market/Holidays/README.md) plus any configured ones
/// (Trading:Holidays), which add to it: lunar dates, elections and temporary holidays move or are announced late, so
/// a closure the list misses can be configured without a new build. The session hours (09:00–15:20 continuous,
/// 15:20–15:30 closing auction, KST) are fixed by the exchange and are static.</summary>
public sealed class KrxCalendar
{
    /// <summary>Start of the regular session (continuous trading), KST.</summary>
    public static readonly TimeOnly Open = new(9, 0);
    /// <summary>Start of the closing single-price auction, KST.</summary>
    public static readonly TimeOnly ClosingAuctionStart = new(15, 20);
    /// <summary>End of the regular session (the closing auction's match), KST.</summary>
    public static readonly TimeOnly Close = new(15, 30);
    /// <summary>Length of the regular session, 09:00–15:30.</summary>
    public static readonly TimeSpan SessionLength = Close - Open;

    /// <summary>The 2026–27 closures as published ahead of time and configured before the built-in list existed; kept as
    /// a cross-check (a test proves the built-in list contains every one of them).</summary>
    public static readonly IReadOnlyList<DateOnly> DefaultHolidays =
    [
        // 2026
        new(2026, 1, 1), new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 3, 2), new(2026, 5, 1),
        new(2026, 5, 5), new(2026, 5, 25), new(2026, 6, 3), new(2026, 8, 17), new(2026, 9, 24), new(2026, 9, 25),
        new(2026, 10, 5), new(2026, 10, 9), new(2026, 12, 25), new(2026, 12, 31),
        // 2027
        new(2027, 1, 1), new(2027, 2, 8), new(2027, 2, 9), new(2027, 3, 1), new(2027, 5, 5), new(2027, 5, 13),
        new(2027, 8, 16), new(2027, 9, 14), new(2027, 9, 15), new(2027, 9, 16), new(2027, 10, 4), new(2027, 10, 11),
        new(2027, 12, 27), new(2027, 12, 31),
    ];

    /// <summary>Every weekday trades: for callers that have no holiday list (the feed watchdog, where a quiet holiday
    /// only costs a Stale state, and the simulator's simplified exchange).</summary>
    public static readonly KrxCalendar WeekendsOnly = new([], builtIn: false);

    private readonly HashSet<DateOnly> _holidays;

    /// <param name="holidays">Closing days added to the built-in list (Trading:Holidays); null: the built-in list alone.</param>
    public KrxCalendar(IEnumerable<DateOnly>? holidays = null) : this(holidays ?? [], builtIn: true) { }

    private KrxCalendar(IEnumerable<DateOnly> holidays, bool builtIn) =>
        _holidays = builtIn ? [.. KrxHolidays.BuiltIn.Select(h => h.Date), .. holidays] : [.. holidays];

    public bool IsTradingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    public bool IsTradingDay(DateTimeOffset at) => IsTradingDay(KstDate(at));

    /// <summary>The regular-session phase at <paramref name="at"/>: Closed outside 09:00–15:30 KST or on a non-trading day.</summary>
    public KrxSessionPhase Phase(DateTimeOffset at) => IsTradingDay(at) ? PhaseOfDay(at) : KrxSessionPhase.Closed;

    /// <summary>Whether the regular session (continuous trading or the closing auction) is on at <paramref name="at"/>.</summary>
    public bool IsInSession(DateTimeOffset at) => Phase(at) != KrxSessionPhase.Closed;

    /// <summary>The phase by KST time of day alone, whatever the date.</summary>
    public static KrxSessionPhase PhaseOfDay(DateTimeOffset at)
    {
        var t = TimeOnly.FromTimeSpan(at.ToKst().TimeOfDay);
        if (t < Open || t >= Close) return KrxSessionPhase.Closed;
        return t < ClosingAuctionStart ? KrxSessionPhase.Continuous : KrxSessionPhase.ClosingAuction;
    }

    /// <summary>Minutes from 09:00 KST of the same KST day to <paramref name="at"/> (negative before the open).</summary>
    public static double MinutesSinceOpen(DateTimeOffset at) => (at.ToKst().TimeOfDay - Open.ToTimeSpan()).TotalMinutes;

    /// <summary>The session's opening instant on <paramref name="day"/> (a KST date).</summary>
    public static DateTimeOffset OpenOn(DateOnly day) => new(day.ToDateTime(Open), KoreaTime.Offset);

    /// <summary>The session's closing instant (15:30 KST) on <paramref name="day"/> (a KST date).</summary>
    public static DateTimeOffset CloseOn(DateOnly day) => new(day.ToDateTime(Close), KoreaTime.Offset);

    /// <summary>The KST date of <paramref name="at"/>.</summary>
    public static DateOnly KstDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToKst().DateTime);
}
