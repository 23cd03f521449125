using KisTrader.Core.History;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>An in-memory <see cref="IMarketHistory"/> (backtests, tests of what reads history). It
/// keeps the same contract as the EF store (MarketHistoryContract runs against both), including the point-in-time rule
/// from <see cref="PointInTime"/> and the store's precision (prices to the hundredth, collection times to the millisecond).</summary>
public sealed class InMemoryMarketHistory : IMarketHistory
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<(string Ticker, BarResolution Resolution, DateTimeOffset Time), HistoryBar> _bars =
        new(Comparer<(string Ticker, BarResolution Resolution, DateTimeOffset Time)>.Create((a, b) =>
        {
            var c = string.CompareOrdinal(a.Ticker, b.Ticker);
            if (c != 0) return c;
            c = a.Resolution.CompareTo(b.Resolution);
            return c != 0 ? c : a.Time.CompareTo(b.Time);
        }));

    public Task<int> UpsertAsync(IReadOnlyCollection<HistoryBar> bars, CancellationToken ct = default)
    {
        foreach (var b in bars)
            if (b.KeyProblem() is { } problem) throw new ArgumentException(problem, nameof(bars));
        lock (_gate)
        {
            var written = new HashSet<(string, BarResolution, DateTimeOffset)>();
            foreach (var b in bars)
            {
                var stored = AsStored(b);
                _bars[(stored.Ticker, stored.Resolution, stored.Time)] = stored;
                written.Add((stored.Ticker, stored.Resolution, stored.Time));
            }
            return Task.FromResult(written.Count);
        }
    }

    public Task<IReadOnlyList<HistoryBar>> ReadAsync(HistoryQuery query, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<HistoryBar>>([.. _bars.Values.Where(query.Matches)]);
    }

    public Task<IReadOnlyList<HistoryCoverage>> CoverageAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<HistoryCoverage>>([.. _bars.Values
                .GroupBy(b => (b.Ticker, b.Resolution))
                .Select(g => new HistoryCoverage(g.Key.Ticker, g.Key.Resolution, g.Min(b => b.Time), g.Max(b => b.Time), g.LongCount(), g.Max(b => b.CollectedAt)))]);
    }

    private readonly SortedDictionary<string, HistoryInstrument> _instruments = new(StringComparer.Ordinal);
    private CollectionSummary? _lastCollection;

    public Task UpsertInstrumentsAsync(IReadOnlyCollection<HistoryInstrument> instruments, CancellationToken ct = default)
    {
        foreach (var i in instruments)
            if (!MarketIndexes.IsInstrumentCode(i.Ticker)) throw new ArgumentException($"'{i.Ticker}' is not an instrument code", nameof(instruments));
        lock (_gate)
            foreach (var i in instruments)
                _instruments[i.Ticker] = i with { UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(i.UpdatedAt.ToUnixTimeMilliseconds()) };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryInstrument>> InstrumentsAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<HistoryInstrument>>([.. _instruments.Values]);
    }

    public Task SaveCollectionAsync(CollectionSummary summary, CancellationToken ct = default)
    {
        lock (_gate)
            if (_lastCollection is null || summary.FinishedAt >= _lastCollection.FinishedAt) _lastCollection = summary;
        return Task.CompletedTask;
    }

    public Task<CollectionSummary?> LastCollectionAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(_lastCollection);
    }

    public Task<int> DeleteAsync(string ticker, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var keys = _bars.Keys.Where(k => k.Ticker == ticker).ToList();
            foreach (var k in keys) _bars.Remove(k);
            return Task.FromResult(keys.Count);
        }
    }

    private static decimal Hundredths(decimal p) => Math.Round(p, 2, MidpointRounding.AwayFromZero);

    private static HistoryBar AsStored(HistoryBar b) => b with
    {
        Time = b.Time.ToOffset(KisTrader.Core.Market.KoreaTime.Offset),
        Open = Hundredths(b.Open), High = Hundredths(b.High), Low = Hundredths(b.Low), Close = Hundredths(b.Close),
        AdjustedOpen = Hundredths(b.AdjustedOpen), AdjustedHigh = Hundredths(b.AdjustedHigh),
        AdjustedLow = Hundredths(b.AdjustedLow), AdjustedClose = Hundredths(b.AdjustedClose),
        TradedValue = Math.Round(b.TradedValue, MidpointRounding.AwayFromZero),
        CollectedAt = DateTimeOffset.FromUnixTimeMilliseconds(b.CollectedAt.ToUnixTimeMilliseconds()),
    };
}
