using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Market.Analysis;

/// <summary>
/// Builds the market analysis: prices from the realtime <see cref="TickCache"/> (a REST quote only for a ticker the
/// feed has not delivered), daily history from <see cref="IMarketData"/> (cached per ticker per day), indicators (with
/// today's session VWAP from the running traded value and volume, and OBV over the daily history),
/// volume surges, breakouts, sharp drops, the best bid and ask of the last tick, the session state and a sentiment score. A feed that is not Connected, or a tick older than
/// <see cref="MarketAnalyzerOptions.StaleAfter"/>, makes the whole analysis Stale with a reason: it is never used silently.
/// </summary>
public sealed class MarketAnalyzer : IMarketAnalyzer
{
    private readonly TickCache _ticks;
    private readonly IMarketData _marketData;
    private readonly Func<FeedState> _feedState;
    private readonly TimeProvider _time;
    private readonly MarketAnalyzerOptions _options;
    private readonly ITickerIndicatorSource _indicators;

    public MarketAnalyzer(TickCache ticks, IMarketData marketData, IRealtimeFeed feed, TimeProvider time, MarketAnalyzerOptions? options = null)
        : this(ticks, marketData, () => feed.State, time, options)
    {
    }

    /// <param name="indicators">Where the indicators come from; by default the daily history of <paramref name="marketData"/>
    /// (a backtest passes the same values read from the history it holds).</param>
    public MarketAnalyzer(TickCache ticks, IMarketData marketData, Func<FeedState> feedState, TimeProvider time, MarketAnalyzerOptions? options = null,
        ITickerIndicatorSource? indicators = null)
    {
        _ticks = ticks;
        _marketData = marketData;
        _feedState = feedState;
        _time = time;
        _options = options ?? new MarketAnalyzerOptions();
        _indicators = indicators ?? new LiveTickerIndicators(new DailyHistoryCache(marketData, _options.HistoryCalendarDays));
    }

    public async Task<MarketAnalysis> AnalyzeAsync(IReadOnlyCollection<string> tickers, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        var feed = _feedState();
        var staleReasons = new List<string>();
        if (feed != FeedState.Connected) staleReasons.Add($"realtime feed is {feed}");

        var analyses = new List<TickerAnalysis>();
        var opportunities = new List<MarketSignal>();
        var risks = new List<MarketSignal>();
        var elapsed = Math.Max(SessionProgress.ElapsedShare(now, _options.Session), _options.MinElapsedShare);

        foreach (var ticker in tickers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var live = await LiveAsync(ticker, now, staleReasons, ct).ConfigureAwait(false);
            if (live is null)
            {
                risks.Add(new MarketSignal(ticker, "no_data", "No price from the realtime feed or REST: not analysed.", 1m));
                continue;
            }
            var todayBar = new Bar(KoreaTime.StartOfDay(now), live.Open > 0 ? live.Open : live.Price, Math.Max(live.High, live.Price),
                live.Low > 0 ? Math.Min(live.Low, live.Price) : live.Price, live.Price, live.Volume, live.TradeValue);
            var indicators = await _indicators.ComputeAsync(ticker, today, todayBar, ct).ConfigureAwait(false);
            foreach (var (k, v) in live.Extra) indicators[k] = v;

            var surge = 0m;
            if (indicators.TryGetValue("avg_volume_20d", out var avgVolume) && avgVolume > 0)
                surge = Math.Round(live.Volume / (avgVolume * elapsed), 2);

            var analysis = new TickerAnalysis(ticker, live.Price, live.ChangeRatePercent, live.Volume, live.TradeIntensity, surge,
                indicators as IReadOnlyDictionary<string, decimal> ?? new Dictionary<string, decimal>(indicators, StringComparer.Ordinal), live.At);
            analyses.Add(analysis);
            Flag(analysis, opportunities, risks);
        }

        return new MarketAnalysis(now, feed, staleReasons.Count > 0, staleReasons.Count > 0 ? string.Join("; ", staleReasons) : null,
            analyses, opportunities, risks, Sentiment(analyses))
        {
            Session = SessionProgress.State(now, _options.Session, _options.Calendar),
        };
    }

    // TradeValue: the session's running traded value (KRW), 0 when the source does not give it; with Volume it makes
    // the session VWAP.
    private sealed record Live(decimal Price, decimal ChangeRatePercent, decimal Open, decimal High, decimal Low, long Volume,
        decimal TradeValue, decimal TradeIntensity, DateTimeOffset? At, Dictionary<string, decimal> Extra);

    private async Task<Live?> LiveAsync(string ticker, DateTimeOffset now, List<string> staleReasons, CancellationToken ct)
    {
        if (_ticks.TryGet(ticker, out var tick))
        {
            var age = now - tick.Time;
            if (age > _options.StaleAfter)
                staleReasons.Add($"{ticker}: last tick is {age:hh\\:mm\\:ss} old (limit {_options.StaleAfter:hh\\:mm\\:ss})");
            var extra = new Dictionary<string, decimal>(8, StringComparer.Ordinal);
            var basePrice = tick.Price - tick.Change;
            if (basePrice > 0)
            {
                var limits = KrxRules.DailyLimits(basePrice, date: DateOnly.FromDateTime(now.ToKst().DateTime));
                extra["base_price"] = basePrice;
                extra["upper_limit"] = limits.Upper;
                extra["lower_limit"] = limits.Lower;
            }
            // The top of the book as the last execution notice saw it (the prompt prices entries against the best ask).
            if (tick.BestBid > 0) extra["best_bid"] = tick.BestBid;
            if (tick.BestAsk > 0) extra["best_ask"] = tick.BestAsk;
            if (tick.Halted) extra["halted"] = 1m;
            return new Live(tick.Price, tick.ChangeRatePercent, tick.Open, tick.High, tick.Low, tick.CumulativeVolume, tick.CumulativeValue, tick.TradeIntensity, tick.Time, extra);
        }
        try
        {
            var q = await _marketData.GetQuoteAsync(ticker, ct).ConfigureAwait(false);
            var extra = new Dictionary<string, decimal>(8, StringComparer.Ordinal);
            if (q.BasePrice > 0) extra["base_price"] = q.BasePrice;
            if (q.UpperLimit > 0) extra["upper_limit"] = q.UpperLimit;
            if (q.LowerLimit > 0) extra["lower_limit"] = q.LowerLimit;
            if (q.TickSize > 0) extra["tick_size"] = q.TickSize;
            return q.Price > 0 ? new Live(q.Price, q.ChangeRatePercent, q.Open, q.High, q.Low, q.Volume, q.TradeValue, 0m, q.Time, extra) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private void Flag(TickerAnalysis a, List<MarketSignal> opportunities, List<MarketSignal> risks)
    {
        if (a.VolumeSurgeRatio >= _options.VolumeSurgeRatio && a.ChangeRatePercent > 0)
            opportunities.Add(new MarketSignal(a.Ticker, "volume_surge",
                $"Volume {a.VolumeSurgeRatio}x normal for this time of day with the price up {a.ChangeRatePercent}%.", a.VolumeSurgeRatio));
        if (a.Indicators.TryGetValue("high_20d", out var high20) && a.Price > high20)
            opportunities.Add(new MarketSignal(a.Ticker, "breakout",
                $"Price {a.Price} above the 20-day high {high20}.", Math.Round((a.Price / high20 - 1m) * 100m, 2)));
        if (a.ChangeRatePercent <= _options.SharpDropPercent)
            risks.Add(new MarketSignal(a.Ticker, "sharp_drop", $"Down {a.ChangeRatePercent}% today.", Math.Abs(a.ChangeRatePercent)));
        if (a.Indicators.TryGetValue("bb_lower", out var lower) && lower > 0 && a.Price < lower)
            risks.Add(new MarketSignal(a.Ticker, "below_lower_band",
                $"Price {a.Price} below the lower Bollinger band {lower}.", Math.Round((lower - a.Price) / lower * 100m, 2)));
    }

    /// <summary>Half breadth ((advancers − decliners) / n), half the average change scaled so ±3% reads ±1.</summary>
    public static decimal Sentiment(IReadOnlyCollection<TickerAnalysis> tickers)
    {
        if (tickers.Count == 0) return 0m;
        var breadth = (decimal)(tickers.Count(t => t.ChangeRatePercent > 0) - tickers.Count(t => t.ChangeRatePercent < 0)) / tickers.Count;
        var average = tickers.Average(t => t.ChangeRatePercent);
        var score = 0.5m * breadth + 0.5m * Math.Clamp(average / 3m, -1m, 1m);
        return Math.Round(Math.Clamp(score, -1m, 1m), 2);
    }
}
