using KisTrader.Core.History;
using KisTrader.Core.Ports;
using KisTrader.Web.Background;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.History;

/// <summary>
/// The one place a collection runs from (the scheduled job, the Data page's button, the collect command): one at a time
/// per process (a second start while one runs is refused, not queued), with its progress and the last summary for the
/// page. The tickers by default: the watchlist, the holdings (when the broker answers), History:Universe, and the KOSPI
/// and KOSDAQ indexes.
/// </summary>
public sealed class HistoryCollection(
    IMarketData market,
    IAccountReader account,
    IMarketHistory history,
    IOptions<HistoryOptions> options,
    IOptions<TradingOptions> trading,
    IOptions<KisOptions> kis,
    TimeProvider time,
    ILogger<HistoryCollection> logger,
    IIndexChart? indexes = null,
    IRawPriceChart? rawPrices = null,
    IInstrumentMarkets? markets = null)
{
    private readonly OneAtATime<CollectionProgress, CollectionSummary> _slot = new();

    /// <summary>"kis" or "simulator": what the stored bars name as their source.</summary>
    public string Source => kis.Value.Environment == KisEnvironment.Simulator ? "simulator" : "kis";

    public bool IsRunning => _slot.IsRunning;

    /// <summary>The running collection's progress; null when none runs.</summary>
    public CollectionProgress? Progress => _slot.Progress;

    /// <summary>The last finished collection in this process; null before the first (see <see cref="LastRecordedAsync"/>).</summary>
    public CollectionSummary? Last => _slot.Last;

    /// <summary>The last finished collection: this process's, else the newest recorded in the store (so it outlives a
    /// restart); null when none was ever recorded.</summary>
    public async Task<CollectionSummary?> LastRecordedAsync(CancellationToken ct = default) =>
        _slot.Last ?? await history.LastCollectionAsync(ct);

    /// <summary>Raised (on the collecting thread) at each progress step and when a collection begins or ends.</summary>
    public event Action? Changed
    {
        add => _slot.Changed += value;
        remove => _slot.Changed -= value;
    }

    /// <summary>The default tickers: watchlist, holdings, History:Universe, then the indexes. A broker that cannot say the
    /// holdings leaves them out (logged); the rest is still collected.</summary>
    public async Task<IReadOnlyList<string>> DefaultTickersAsync(CancellationToken ct = default)
    {
        var tickers = await TradedTickers.ListAsync(trading.Value, account, logger, "history collection: the watchlist and the universe are collected", ct);
        tickers.AddRange(options.Value.Universe);
        if (options.Value.Indexes) tickers.AddRange(MarketIndexes.All);
        return [.. tickers.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Runs one collection, or returns null at once when one is already running.</summary>
    /// <param name="tickers">Null: <see cref="DefaultTickersAsync"/>.</param>
    /// <param name="from">Null: incremental (each ticker from its last stored day + 1, or History:YearsBack).</param>
    public async Task<CollectionSummary?> TryRunAsync(string trigger, IReadOnlyList<string>? tickers = null, DateOnly? from = null,
        CancellationToken ct = default)
    {
        if (!_slot.TryBegin(new CollectionProgress(0, 0, null, 0, 0))) return null;
        CollectionSummary? summary = null;
        try
        {
            var request = new CollectionRequest(tickers ?? await DefaultTickersAsync(ct), from, options.Value.YearsBack, options.Value.MinuteBars);
            logger.LogInformation("History collection ({Trigger}) of {Count} tickers from {Source}", trigger, request.Tickers.Count, Source);
            var collector = new MarketHistoryCollector(market, history, time, Source, indexes, rawPrices, markets);
            summary = await collector.CollectAsync(request, trigger, new SyncProgress(_slot.Report), ct);
            foreach (var failure in summary.Failures)
                logger.LogWarning("History collection: {Ticker} failed: {Reason}", failure.Ticker, failure.Failure);
            logger.LogInformation("History collection ({Trigger}) done: {Summary}", trigger, summary.Describe());
            try
            {
                await history.SaveCollectionAsync(summary, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The bars are stored; only the record for the Data page is lost, and the page still shows it until a restart.
                logger.LogError(ex, "History collection: the summary could not be recorded");
            }
            return summary;
        }
        finally
        {
            _slot.End(summary);
        }
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<CollectionProgress> report) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) => report(value);
    }
}
