using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>An instrument's daily bars at their original prices (원주가: what traded that day, before later splits are
/// applied), oldest first. <see cref="Ports.IMarketData.GetBarsAsync"/> answers adjusted prices; a collector that has both
/// stores raw and adjusted prices. KIS: the period chart with FID_ORG_ADJ_PRC=1; the simulator answers it too.</summary>
public interface IRawPriceChart
{
    Task<IReadOnlyList<Bar>> GetRawDailyBarsAsync(string ticker, DateOnly from, DateOnly to, CancellationToken ct = default);
}
