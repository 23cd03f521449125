using System.Collections.Concurrent;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Live;

/// <summary>Display names of tickers, learned from the broker's quotes once per ticker and kept for the app's life.</summary>
public sealed class TickerNames(IServiceProvider services, ILogger<TickerNames> logger)
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _resolving = new(StringComparer.Ordinal);

    public string Get(string ticker) => _names.TryGetValue(ticker, out var n) ? n : "";

    public void Set(string ticker, string? name)
    {
        if (!string.IsNullOrWhiteSpace(name))
            _names[ticker] = name.Trim();
    }

    /// <summary>Looks up unknown names in the background (REST calls are rate-limited; paper allows about one a second).</summary>
    public async Task ResolveAsync(IEnumerable<string> tickers)
    {
        var market = services.GetRequiredService<IMarketData>();
        foreach (var t in tickers)
        {
            if (_names.ContainsKey(t) || !_resolving.TryAdd(t, 0))
                continue;
            try
            {
                Set(t, await market.GetNameAsync(t));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug(ex, "Name of {Ticker} not resolved", t);
            }
            finally
            {
                _resolving.TryRemove(t, out _);
            }
        }
    }
}
