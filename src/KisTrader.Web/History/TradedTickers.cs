using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.History;

/// <summary>The instruments the app trades: the watchlist, then the holdings when the broker can say them (a broker that
/// cannot is logged with <paramref name="consequence"/>, and the watchlist alone is answered). The history collection and
/// the drift check start from it.</summary>
public static class TradedTickers
{
    public static async Task<List<string>> ListAsync(TradingOptions trading, IAccountReader account, ILogger logger, string consequence, CancellationToken ct)
    {
        var tickers = new List<string>(trading.EffectiveWatchlist);
        try
        {
            var balance = await account.GetBalanceAsync(ct);
            tickers.AddRange(balance.Holdings.Where(h => h.Quantity > 0).Select(h => h.Ticker));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The holdings could not be read; {Consequence}", consequence);
        }
        return tickers;
    }
}
