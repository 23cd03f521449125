using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.History;

/// <summary>What the Data page calls: a data-quality report per stored instrument's daily bars, read point-in-time as of
/// now. The sessions the market traded are taken from the KOSPI index bars when they are stored (they exist for every
/// session and none else), so holidays the calendar does not list are not reported as missing sessions.</summary>
public sealed class DataQualityService(IMarketHistory history, KrxCalendar calendar, TimeProvider time)
{
    private readonly DataQualityChecker _checker = new(calendar);

    /// <param name="tickers">The instruments to check; null: every ticker with daily bars (indexes included).</param>
    public async Task<IReadOnlyList<DataQualityReport>> ReportAsync(IReadOnlyCollection<string>? tickers = null, CancellationToken ct = default)
    {
        var coverage = (await history.CoverageAsync(ct)).Where(c => c.Resolution == BarResolution.Day).ToList();
        if (tickers is not null) coverage = [.. coverage.Where(c => tickers.Contains(c.Ticker))];
        if (coverage.Count == 0) return [];
        var from = coverage.Min(c => c.FirstDate);
        var to = coverage.Max(c => c.LastDate);
        var asOf = time.GetUtcNow();
        var wanted = coverage.Select(c => c.Ticker).Append(MarketIndexes.Kospi).ToHashSet(StringComparer.Ordinal);
        var bars = await history.ReadAsync(HistoryQuery.Daily(wanted, from, to, asOf), ct);
        var byTicker = bars.GroupBy(b => b.Ticker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        IReadOnlySet<DateOnly>? sessions = byTicker.TryGetValue(MarketIndexes.Kospi, out var kospi) ? kospi.Select(b => b.Date).ToHashSet() : null;
        return [.. coverage.Select(c => c.Ticker).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(t => _checker.Check(t, byTicker.GetValueOrDefault(t) ?? [], t == MarketIndexes.Kospi ? null : sessions))];
    }
}
