namespace KisTrader.Web.Hosting.Logging;

public static class LogCategories
{
    /// <summary>Events in this category also go to the dedicated trade log, one JSON line each.</summary>
    public const string Trades = "KisTrader.Trades";
}
