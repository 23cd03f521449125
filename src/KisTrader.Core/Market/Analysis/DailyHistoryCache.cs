using System.Collections.Concurrent;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Market.Analysis;

/// <summary>Completed daily bars per ticker, fetched once per ticker per KST day (REST is about one call a second on a
/// paper account). Bars of the current day are dropped: today's live price stands in for them. A failed fetch is not
/// cached, so the next run tries again.</summary>
public sealed class DailyHistoryCache(IMarketData marketData, int calendarDays)
{
    private readonly ConcurrentDictionary<(string Ticker, DateOnly Day), Lazy<Task<IReadOnlyList<Bar>>>> _cache = new();

    public async Task<IReadOnlyList<Bar>> GetAsync(string ticker, DateOnly today, CancellationToken ct)
    {
        var key = (ticker, today);
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<IReadOnlyList<Bar>>>(() => FetchAsync(ticker, today, ct)));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _cache.TryRemove(new KeyValuePair<(string, DateOnly), Lazy<Task<IReadOnlyList<Bar>>>>(key, lazy));
            throw;
        }
    }

    private async Task<IReadOnlyList<Bar>> FetchAsync(string ticker, DateOnly today, CancellationToken ct)
    {
        // Yesterday's entries are useless now; drop them so the cache stays one day deep.
        foreach (var old in _cache.Keys.Where(k => k.Day < today)) _cache.TryRemove(old, out _);
        var bars = await marketData.GetBarsAsync(ticker, today.AddDays(-calendarDays), today, BarPeriod.Day, ct).ConfigureAwait(false);
        return bars.Where(b => b.Date < today).OrderBy(b => b.Time).ToList();
    }
}
