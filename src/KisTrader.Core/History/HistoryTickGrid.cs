using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>The tick-grid check for stored history. A bar carries no market (KOSPI or KOSDAQ) or kind (stock, ETF), so a
/// price counts as on the grid when it is on the stock grid of either market in force on its date (the tables differ
/// only before 2023-01-25). ETF/ETN prices on their 5-won grid between stock ticks are therefore reported off-grid; index
/// codes are never checked.</summary>
public static class HistoryTickGrid
{
    public static bool IsOnGrid(string ticker, decimal price, DateOnly date)
    {
        if (MarketIndexes.IsIndex(ticker)) return true;
        if (price <= 0) return false;
        return KrxRules.IsOnTick(price, KrxMarket.Kospi, InstrumentKind.Stock, date)
            || KrxRules.IsOnTick(price, KrxMarket.Kosdaq, InstrumentKind.Stock, date);
    }
}
