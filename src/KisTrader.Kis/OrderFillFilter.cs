namespace KisTrader.Kis;

/// <summary>CCLD_DVSN of inquire_daily_ccld.</summary>
public enum OrderFillFilter
{
    All,
    Filled,
    Unfilled,
}
