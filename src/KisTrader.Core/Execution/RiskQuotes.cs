using System.Collections.Concurrent;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Execution;

/// <summary>Quotes for risk checks with as few REST calls as possible. What is fixed for the day (base price, daily
/// limits, tick size, which tells an ETF from a stock) comes from one REST quote per ticker per day; the price itself
/// from the realtime tick when the feed is connected and the tick younger than <c>realtimeMaxAge</c>, else a new REST quote.</summary>
public sealed class RiskQuotes(TickCache ticks, IMarketData market, Func<FeedState> feedState, TimeProvider time, TimeSpan realtimeMaxAge)
{
    private readonly ConcurrentDictionary<string, (DateOnly Day, Quote Quote)> _daily = new(StringComparer.Ordinal);

    public async Task<Quote> GetAsync(string ticker, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = KrxCalendar.KstDate(now);
        if (feedState() == FeedState.Connected && ticks.TryGet(ticker, out var tick) && tick.Price > 0 && now - tick.Time <= realtimeMaxAge
            && _daily.TryGetValue(ticker, out var day) && day.Day == today && day.Quote.BasePrice == tick.Price - tick.Change)
            return day.Quote with
            {
                Price = tick.Price,
                Change = tick.Change,
                ChangeRatePercent = tick.ChangeRatePercent,
                Open = tick.Open > 0 ? tick.Open : day.Quote.Open,
                High = Math.Max(day.Quote.High, tick.High),
                Low = tick.Low > 0 ? Math.Min(day.Quote.Low > 0 ? day.Quote.Low : tick.Low, tick.Low) : day.Quote.Low,
                Volume = Math.Max(day.Quote.Volume, tick.CumulativeVolume),
                Time = tick.Time,
            };
        var quote = await market.GetQuoteAsync(ticker, ct);
        _daily[ticker] = (today, quote);
        return quote;
    }
}
