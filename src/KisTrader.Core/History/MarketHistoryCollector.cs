using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.History;

/// <summary>What to collect: the tickers (instruments and/or <see cref="MarketIndexes"/> codes), from when (null: each
/// ticker's last stored day + 1, or <see cref="YearsBack"/> years before today when nothing is stored), and whether
/// today's minute bars are fetched too.</summary>
public sealed record CollectionRequest(IReadOnlyList<string> Tickers, DateOnly? From = null, int YearsBack = 10, bool Minutes = true);

/// <summary>
/// Fetches daily bars incrementally and today's minute bars through the broker's ports and writes them to the history
/// store. Each ticker's bars are written in one upsert as soon as they are fetched, so a crash loses at most the ticker in
/// hand and the next run resumes from the stored coverage; one ticker failing (the broker refuses, a malformed bar) is
/// recorded with its reason and the others go on. Tickers are fetched one after another: the broker client's rate
/// limiter paces the calls, and one collection never competes with itself for the broker's per-second budget.
/// </summary>
public sealed class MarketHistoryCollector(IMarketData market, IMarketHistory history, TimeProvider time, string source,
    IIndexChart? indexes = null, IRawPriceChart? raw = null, IInstrumentMarkets? markets = null)
{
    public async Task<CollectionSummary> CollectAsync(CollectionRequest request, string trigger,
        IProgress<CollectionProgress>? progress = null, CancellationToken ct = default)
    {
        var started = time.GetUtcNow();
        var coverage = (await history.CoverageAsync(ct).ConfigureAwait(false))
            .Where(c => c.Resolution == BarResolution.Day)
            .ToDictionary(c => c.Ticker, StringComparer.Ordinal);
        var tickers = request.Tickers.Distinct(StringComparer.Ordinal).ToList();
        IReadOnlySet<string> knownMarkets = markets is null ? new HashSet<string>()
            : (await history.InstrumentsAsync(ct).ConfigureAwait(false)).Select(i => i.Ticker).ToHashSet(StringComparer.Ordinal);
        var results = new List<TickerCollection>(tickers.Count);
        var canceled = false;
        progress?.Report(new CollectionProgress(0, tickers.Count, tickers.FirstOrDefault(), 0, 0));
        foreach (var ticker in tickers)
        {
            progress?.Report(new CollectionProgress(results.Count, tickers.Count, ticker, Added(results), results.Count(r => r.Failed)));
            if (ct.IsCancellationRequested)
            {
                canceled = true;
                break;
            }
            try
            {
                results.Add(await CollectOneAsync(ticker, request, coverage.GetValueOrDefault(ticker), knownMarkets, ct).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                canceled = true;
                break;
            }
            catch (Exception ex)
            {
                results.Add(new TickerCollection(ticker, 0, 0, ex.Message));
            }
        }
        progress?.Report(new CollectionProgress(results.Count, tickers.Count, null, Added(results), results.Count(r => r.Failed)));
        return new CollectionSummary(trigger, source, started, time.GetUtcNow(), results, canceled);
    }

    /// <summary>The instrument's daily bars with raw and adjusted prices: both charts when the broker serves raw prices
    /// (<see cref="IRawPriceChart"/>), else the adjusted chart for both (no adjustment known).</summary>
    private async Task<List<HistoryBar>> DailyBarsAsync(string ticker, DateOnly from, DateOnly to, DateTimeOffset collectedAt, CancellationToken ct)
    {
        var adjusted = (await market.GetBarsAsync(ticker, from, to, BarPeriod.Day, ct).ConfigureAwait(false))
            .Where(b => b.Date >= from && b.Date <= to).ToList();
        if (raw is null)
            return [.. adjusted.Select(b => HistoryBar.Daily(ticker, b, b, source, collectedAt))];
        var rawBars = (await raw.GetRawDailyBarsAsync(ticker, from, to, ct).ConfigureAwait(false))
            .Where(b => b.Date >= from && b.Date <= to).ToList();
        var adjustedByDate = adjusted.ToDictionary(b => b.Date);
        // A day only one answer has is taken as unadjusted rather than dropped: raw prices are what traded.
        var rawDates = rawBars.Select(b => b.Date).ToHashSet();
        return [.. rawBars.Select(b => HistoryBar.Daily(ticker, b, adjustedByDate.GetValueOrDefault(b.Date) ?? b, source, collectedAt))
            .Concat(adjusted.Where(b => !rawDates.Contains(b.Date)).Select(b => HistoryBar.Daily(ticker, b, b, source, collectedAt)))
            .OrderBy(b => b.Time)];
    }

    private async Task<bool> AdjustmentChangedAsync(string ticker, DateOnly day, DateTimeOffset asOf, CancellationToken ct)
    {
        var storedBar = (await history.ReadAsync(HistoryQuery.Daily([ticker], day, day, asOf), ct).ConfigureAwait(false)).FirstOrDefault();
        if (storedBar is null) return false;
        var now = await DailyBarsAsync(ticker, day, day, asOf, ct).ConfigureAwait(false);
        return now.Count == 1 && now[0].AdjustedClose != storedBar.AdjustedClose;
    }

    private static int Added(List<TickerCollection> results) => results.Sum(r => r.DailyBars + r.MinuteBars);

    private async Task<TickerCollection> CollectOneAsync(string ticker, CollectionRequest request, HistoryCoverage? stored,
        IReadOnlySet<string> knownMarkets, CancellationToken ct)
    {
        var isIndex = MarketIndexes.IsIndex(ticker);
        if (!isIndex && !MarketIndexes.IsInstrumentCode(ticker))
            return new TickerCollection(ticker, 0, 0, "not a 6-character KRX code or a 4-digit index code");
        if (isIndex && indexes is null)
            return new TickerCollection(ticker, 0, 0, "this broker connection has no index chart");

        var now = time.GetUtcNow();
        var today = KrxCalendar.KstDate(now);
        // A daily bar is final once the session has closed; before that today's bar would be stored half-formed and the
        // next incremental run (from the last stored day + 1) would never replace it.
        var lastFinal = now.ToKst().TimeOfDay >= KrxCalendar.Close.ToTimeSpan() ? today : today.AddDays(-1);
        var from = request.From ?? (stored is not null ? stored.LastDate.AddDays(1) : today.AddYears(-request.YearsBack));
        var collectedAt = now;

        var daily = new List<HistoryBar>();
        if (from <= lastFinal)
        {
            if (isIndex)
            {
                var bars = await indexes!.GetIndexBarsAsync(ticker, from, lastFinal, ct).ConfigureAwait(false);
                daily.AddRange(bars.Where(b => b.Date >= from && b.Date <= lastFinal)
                    .Select(b => HistoryBar.Daily(ticker, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, source, collectedAt)));
            }
            else
            {
                daily.AddRange(await DailyBarsAsync(ticker, from, lastFinal, collectedAt, ct).ConfigureAwait(false));
                // A split after the last stored day rescales every earlier adjusted price: when the newest stored day's
                // adjustment no longer matches what the broker answers for it, the ticker's whole history is fetched again.
                if (raw is not null && request.From is null && stored is not null
                    && await AdjustmentChangedAsync(ticker, stored.LastDate, collectedAt, ct).ConfigureAwait(false))
                {
                    daily.Clear();
                    daily.AddRange(await DailyBarsAsync(ticker, stored.FirstDate, lastFinal, collectedAt, ct).ConfigureAwait(false));
                }
            }
        }

        var minutes = new List<HistoryBar>();
        if (request.Minutes && !isIndex)
        {
            var nowKst = now.ToKst();
            var until = TimeOnly.FromTimeSpan(nowKst.TimeOfDay < KrxCalendar.Close.ToTimeSpan() ? nowKst.TimeOfDay : KrxCalendar.Close.ToTimeSpan());
            var bars = await market.GetMinuteBarsAsync(ticker, until, ct).ConfigureAwait(false);
            // Only finished minutes of today: the minute in progress would be stored short of its volume.
            minutes.AddRange(bars.Where(b => b.Date == today && b.Time.AddMinutes(1) <= now)
                .Select(b => HistoryBar.OneMinute(ticker, b.Time, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, source, collectedAt)));
        }

        // The instrument's market (for a backtest's costs, ticks and limits) is asked once, while nothing is stored for it.
        if (!isIndex && markets is not null && !knownMarkets.Contains(ticker)
            && await markets.GetMarketAsync(ticker, ct).ConfigureAwait(false) is { } listed)
            await history.UpsertInstrumentsAsync([new HistoryInstrument(ticker, listed, source, collectedAt)], ct).ConfigureAwait(false);

        var batch = daily.Concat(minutes).ToList();
        // A malformed bar from the broker rejects the ticker's whole batch: nothing of it is half stored.
        if (batch.Select(b => b.KeyProblem()).FirstOrDefault(p => p is not null) is { } problem)
            return new TickerCollection(ticker, 0, 0, "the broker returned a malformed bar: " + problem);
        if (batch.Count > 0)
            await history.UpsertAsync(batch, ct).ConfigureAwait(false);
        return new TickerCollection(ticker, daily.Count, minutes.Count, null);
    }
}
