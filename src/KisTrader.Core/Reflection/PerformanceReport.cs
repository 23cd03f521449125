namespace KisTrader.Core.Reflection;

/// <summary>M1: how trading went in a period. Round trips are those whose sell falls in the period (their buy may be
/// older). Money in KRW, net of commission and tax.</summary>
public sealed record PerformanceReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Trades,
    int Buys,
    int Sells,
    IReadOnlyList<RoundTrip> RoundTrips,
    decimal RealisedNetPnl,
    decimal TotalCosts,
    // Share of round trips with NetPnl > 0, 0..1 (0 when there are none).
    decimal WinRate,
    decimal AverageReturnPercent,
    // The most negative NetPnl of a round trip (0 when none lost).
    decimal WorstLossKrw,
    IReadOnlyList<TradeHighlight> Best,
    IReadOnlyList<TradeHighlight> Worst,
    // Bought shares not yet sold at the end of the period, by ticker.
    IReadOnlyDictionary<string, long> OpenQuantities,
    BrokerCrossCheck? BrokerCheck);

/// <summary>Our trade record against the broker's: executed orders (inquire_daily_ccld) and, where the environment has
/// it, realised profit (inquire_period_profit). Differences are reported, never silently corrected.</summary>
public sealed record BrokerCrossCheck(
    // "daily_ccld", plus "period_profit" when compared.
    IReadOnlyList<string> Sources,
    int BrokerExecutions,
    int OurTrades,
    int Matched,
    decimal? BrokerRealisedPnl,
    decimal OurRealisedPnl,
    IReadOnlyList<string> Differences,
    // Set when the broker could not be asked (the check is then incomplete, not failed).
    string? Error)
{
    public bool Consistent => Error is null && Differences.Count == 0;
}
