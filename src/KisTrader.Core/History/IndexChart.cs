using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>Daily bars of a market index (<see cref="MarketIndexes"/> codes), oldest first, prices in points. KIS's
/// index period chart (inquire-daily-indexchartprice, see docs/kis-api-addendum.md) or the simulator's index.</summary>
public interface IIndexChart
{
    Task<IReadOnlyList<Bar>> GetIndexBarsAsync(string indexCode, DateOnly from, DateOnly to, CancellationToken ct = default);
}
