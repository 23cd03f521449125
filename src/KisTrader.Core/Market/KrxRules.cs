namespace KisTrader.Core.Market;

/// <summary>
/// KRX venue rules independent of any broker: the tick grid (호가가격단위) and the daily price
/// limits (가격제한폭), by the date they were in force. Source: KIS_API.md §7.
/// </summary>
public static class KrxRules
{
    /// <summary>The day the unified KOSPI/KOSDAQ tick table took effect.</summary>
    public static readonly DateOnly UnifiedTickTableSince = new(2023, 1, 25);
    public const decimal DailyLimitRate = 0.30m;
    public const decimal EtfTick = 5m;

    public static decimal TickSize(decimal price, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock, DateOnly? date = null)
    {
        if (price <= 0) throw new ArgumentOutOfRangeException(nameof(price), price, "A price must be positive.");
        if (kind is InstrumentKind.Etf or InstrumentKind.Etn) return EtfTick;
        var day = date ?? DateOnly.MaxValue;
        var bands = day >= UnifiedTickTableSince ? UnifiedTicks
            : market == KrxMarket.Kospi ? KospiTicksBefore2023
            : KosdaqTicksBefore2023;
        foreach (var (below, tick) in bands)
            if (price < below) return tick;
        return bands[^1].Tick;
    }

    // Each band: prices below Below use Tick; the last band covers every higher price.
    private static readonly (decimal Below, decimal Tick)[] UnifiedTicks =
        [(2_000m, 1m), (5_000m, 5m), (20_000m, 10m), (50_000m, 50m), (200_000m, 100m), (500_000m, 500m), (decimal.MaxValue, 1_000m)];

    private static readonly (decimal Below, decimal Tick)[] KospiTicksBefore2023 =
        [(1_000m, 1m), (5_000m, 5m), (10_000m, 10m), (50_000m, 50m), (100_000m, 100m), (500_000m, 500m), (decimal.MaxValue, 1_000m)];

    // KOSDAQ and KONEX before 2023: the tick stopped at 100 won.
    private static readonly (decimal Below, decimal Tick)[] KosdaqTicksBefore2023 =
        [(1_000m, 1m), (5_000m, 5m), (10_000m, 10m), (50_000m, 50m), (decimal.MaxValue, 100m)];

    public static bool IsOnTick(decimal price, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock, DateOnly? date = null) =>
        price > 0 && price % TickSize(price, market, kind, date) == 0;

    /// <summary>The nearest valid price at or below <paramref name="price"/>.</summary>
    public static decimal FloorToTick(decimal price, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock, DateOnly? date = null)
    {
        var tick = TickSize(price, market, kind, date);
        return Math.Floor(price / tick) * tick;
    }

    /// <summary>The nearest valid price at or above <paramref name="price"/>.</summary>
    public static decimal CeilingToTick(decimal price, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock, DateOnly? date = null)
    {
        var tick = TickSize(price, market, kind, date);
        var up = Math.Ceiling(price / tick) * tick;
        // Crossing a band boundary can change the tick; re-check at the new level.
        return IsOnTick(up, market, kind, date) ? up : CeilingToTick(up, market, kind, date);
    }

    /// <summary>One tick above or below a valid price, following the tick table across band boundaries.</summary>
    public static decimal StepTicks(decimal price, int ticks, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock, DateOnly? date = null)
    {
        var p = price;
        for (var i = 0; i < Math.Abs(ticks); i++)
        {
            if (ticks > 0) p += TickSize(p, market, kind, date);
            else
            {
                // Prices are whole won: the tick below p is the tick of p − 1.
                if (p <= 1m) break;
                p -= TickSize(p - 1m, market, kind, date);
            }
        }
        return p;
    }

    /// <summary>
    /// Upper (상한가) and lower (하한가) limit for a base price: the width is 30% of the base
    /// truncated to the base's tick (KIS example: 128,500 → ±38,500 → 167,000 / 90,000), and
    /// both limits are kept on the tick grid at their own price level.
    /// </summary>
    public static PriceLimits DailyLimits(decimal basePrice, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock, DateOnly? date = null)
    {
        var tick = TickSize(basePrice, market, kind, date);
        var width = Math.Floor(basePrice * DailyLimitRate / tick) * tick;
        var upper = FloorToTick(basePrice + width, market, kind, date);
        var lowerRaw = basePrice - width;
        var lower = lowerRaw <= 1m ? 1m : CeilingToTick(lowerRaw, market, kind, date);
        return new PriceLimits(lower, upper);
    }
}

public readonly record struct PriceLimits(decimal Lower, decimal Upper)
{
    public bool Contains(decimal price) => price >= Lower && price <= Upper;
}
