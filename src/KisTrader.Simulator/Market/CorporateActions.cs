namespace KisTrader.Simulator.Market;

/// <summary>A stock split: from <see cref="EffectiveDate"/> on, one old share is <see cref="Ratio"/> new ones, so raw
/// prices before that date are <see cref="Ratio"/> times the adjusted ones.</summary>
public sealed record SplitAction(string Code, DateOnly EffectiveDate, int Ratio);

/// <summary>
/// The simulator's corporate actions. The seeded history (<see cref="HistoryGenerator"/>) is the ADJUSTED series: prices on
/// today's basis, what the market trades at now. The raw series (what traded on each day) is derived: before a split's
/// effective date every price is multiplied by its ratio. Deterministic and independent of the seed, so a collector or a
/// test can rely on it: 삼성전자 (005930) split 1:50 effective 2024-05-02 (as the real one did in May 2018). With the
/// default universe's levels (about 98,000 won) the raw prices (about 4.9 million, tick 1,000) stay on the grid, and
/// day-over-day moves keep within the ±30% limits since the ratio scales both days alike. Volumes are not rescaled
/// (a bar carries one volume).
/// </summary>
public static class CorporateActions
{
    public static readonly IReadOnlyList<SplitAction> Splits = [new("005930", new DateOnly(2024, 5, 2), 50)];

    /// <summary>How many raw won one adjusted won was on <paramref name="date"/>: the product of the ratios of the
    /// splits of <paramref name="code"/> effective after that date (1 when none).</summary>
    public static int RawFactor(string code, DateOnly date)
    {
        var factor = 1;
        foreach (var s in Splits)
            if (s.Code == code && date < s.EffectiveDate) factor *= s.Ratio;
        return factor;
    }

    /// <summary>The raw (원주가) bar of an adjusted one.</summary>
    public static DailyBar Raw(string code, DailyBar adjusted)
    {
        var f = RawFactor(code, adjusted.Date);
        return f == 1 ? adjusted : adjusted with { Open = adjusted.Open * f, High = adjusted.High * f, Low = adjusted.Low * f, Close = adjusted.Close * f };
    }
}
