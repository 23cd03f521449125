using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// <see cref="IMarketData"/> over daily history, strictly point-in-time against the clock. The visibility model:
/// <list type="bullet">
/// <item>A day's bar is visible from that day's close (15:30 KST). Before it, nothing of the day's high, low, close or
/// volume can be read, through any method.</item>
/// <item>During a session (09:00–15:30 KST on a day with a bar) the quote is the day's open: price, open, high and low
/// all equal the open, volume 0. A decision at the open therefore sees yesterday's close and today's open, and nothing
/// after.</item>
/// <item>Outside a session the quote is the last visible bar (before the open: yesterday's close as today's base price,
/// with no change yet; after the close: the day's bar).</item>
/// <item>The order book is synthesised around the quote on the KRX tick grid: the best ask and bid the quote's price
/// moved out by the <see cref="SlippageModel"/> the broker fills with (its fraction of the last visible session's
/// high − low and its ticks; with no slippage the ask is the price and the bid one tick below), ten levels each side
/// within the daily limits, each level showing the last visible session's volume per minute (a scale only: the
/// simulated exchange fills against bars, not this book).</item>
/// <item>Recent trades are empty (no intraday prints at daily resolution); rankings are empty (a ranking of the whole
/// market is not in the history).</item>
/// <item>Minute resolution (<see cref="BarHistory.Minutes"/> set): during a session the quote is the session so far, from
/// the minute bars that have ended (a bar is visible from its end): the last one's close as the price, the first open,
/// the running high and low, the summed volume and traded value (so the analysis' VWAP is today's, as live). Before the
/// first bar ends only the opening price is known (the 09:00 bar's open, when there is one; else yesterday's close). The minute chart
/// (<see cref="GetMinuteBarsAsync"/>) is today's ended bars; the book's levels show the last ended bar's volume.</item>
/// </list>
/// </summary>
public sealed class HistoricalMarketData(BarHistory history, TimeProvider clock, KrxCalendar calendar, SlippageModel? spread = null) : IMarketData
{
    private const int BookLevels = 10;
    private const int SessionMinutes = 390;

    public BarHistory History => history;

    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => Task.FromResult(QuoteAt(ticker, clock.GetUtcNow()));

    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) =>
        Task.FromResult<string?>(history.Contains(ticker) ? history.Instrument(ticker).Name : null);

    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<RecentTrade>>([]);

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
    {
        if (period == BarPeriod.Minute)
        {
            if (history.Minutes is null) throw new NotSupportedException("The backtest history is daily: minute bars are not available.");
            var now = clock.GetUtcNow();
            IReadOnlyList<Bar> minutes = [.. EachDay(from, to).SelectMany(d => VisibleMinutes(ticker, d, now))];
            return Task.FromResult(minutes);
        }
        var days = history.VisibleBetween(ticker, from, to, clock.GetUtcNow());
        IReadOnlyList<Bar> result = period == BarPeriod.Day ? days : Aggregate(days, period);
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default)
    {
        if (history.Minutes is null) throw new NotSupportedException("The backtest history is daily: minute bars are not available.");
        var now = clock.GetUtcNow();
        var day = KrxCalendar.KstDate(now);
        // Up to `until` (KST), and never past what has ended by now.
        IReadOnlyList<Bar> result = [.. VisibleMinutes(ticker, day, now).Where(b => TimeOnly.FromTimeSpan(b.Time.ToKst().TimeOfDay) <= until)];
        return Task.FromResult(result);
    }

    private IReadOnlyList<Bar> VisibleMinutes(string ticker, DateOnly day, DateTimeOffset at)
    {
        var minutes = history.Minutes!;
        var n = minutes.VisibleCount(ticker, day, at);
        return n == 0 ? [] : [.. minutes.Day(ticker, day).Take(n)];
    }

    private static IEnumerable<DateOnly> EachDay(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var quote = QuoteAt(ticker, now);
        var instrument = history.Instrument(ticker);
        var date = KrxCalendar.KstDate(now);
        var last = history.LastVisible(ticker, now);
        var perLevel = Math.Max(1L, (last?.Volume ?? 0L) / SessionMinutes);
        if (history.Minutes is { } minutes && minutes.VisibleCount(ticker, date, now) is > 0 and var n)
            perLevel = Math.Max(1L, minutes.Day(ticker, date)[n - 1].Volume);
        var slip = spread ?? SlippageModel.None;
        var half = slip.RangeFraction * (last is null ? 0m : last.High - last.Low);
        var (m, k) = (instrument.Market, instrument.Kind);
        var bestAsk = KrxRules.StepTicks(KrxRules.CeilingToTick(quote.Price + half, m, k, date), slip.Ticks, m, k, date);
        var bestBid = KrxRules.StepTicks(KrxRules.FloorToTick(Math.Max(1m, quote.Price - half), m, k, date), -slip.Ticks, m, k, date);
        // A book needs a spread of at least one tick.
        if (bestBid >= bestAsk) bestBid = KrxRules.StepTicks(bestAsk, -1, m, k, date);
        var asks = new List<BookLevel>();
        var bids = new List<BookLevel>();
        var ask = Math.Min(bestAsk, quote.UpperLimit);
        for (var i = 0; i < BookLevels && ask <= quote.UpperLimit; i++)
        {
            asks.Add(new BookLevel(ask, perLevel));
            ask = KrxRules.StepTicks(ask, 1, instrument.Market, instrument.Kind, date);
        }
        var bid = Math.Max(bestBid, quote.LowerLimit);
        for (var i = 0; i < BookLevels && bid >= quote.LowerLimit && bid < ask; i++)
        {
            bids.Add(new BookLevel(bid, perLevel));
            var next = KrxRules.StepTicks(bid, -1, instrument.Market, instrument.Kind, date);
            if (next == bid) break;
            bid = next;
        }
        return Task.FromResult(new OrderBookSnapshot(ticker, quote.Time, asks, bids, asks.Sum(l => l.Quantity), bids.Sum(l => l.Quantity)));
    }

    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) =>
        Task.FromResult(new Ranking(kind, DataSource.Computed, []));

    /// <summary>The quote at <paramref name="at"/> under the visibility model above.</summary>
    public Quote QuoteAt(string ticker, DateTimeOffset at)
    {
        var instrument = history.Instrument(ticker);
        var day = KrxCalendar.KstDate(at);
        if (history.Minutes is { } minutes && calendar.IsInSession(at))
        {
            var basePrice = history.PreviousClose(ticker, day);
            if (minutes.SoFar(ticker, day, at) is { } soFar)
                return Make(instrument, day, soFar.Close, basePrice ?? soFar.Open, soFar.Open, soFar.High, soFar.Low, soFar.Volume, soFar.TradeValue,
                    soFar.Time + KisTrader.Core.History.PointInTime.MinuteLength);
            // In the first minute only the opening auction's price exists (the first bar's open), as at daily resolution.
            if (minutes.At(ticker, KrxCalendar.OpenOn(day)) is { } first)
                return Make(instrument, day, first.Open, basePrice ?? first.Open, first.Open, first.Open, first.Open, 0, 0m, KrxCalendar.OpenOn(day));
            if (basePrice is { } before)
                return Make(instrument, day, before, before, 0m, 0m, 0m, 0, 0m, KrxCalendar.OpenOn(day));
        }
        else if (calendar.IsInSession(at) && history.BarOn(ticker, day) is { } current)
        {
            // In session: only the open of today's bar exists yet.
            var basePrice = history.PreviousClose(ticker, day) ?? current.Open;
            return Make(instrument, day, current.Open, basePrice, current.Open, current.Open, current.Open, 0, 0m, KrxCalendar.OpenOn(day));
        }
        var last = history.LastVisible(ticker, at)
                   ?? throw new InvalidOperationException($"{ticker}: no bar has closed by {KoreaTime.Format(at)} KST, so there is no price yet.");
        if (last.Date == day || !calendar.IsTradingDay(day) || at >= KrxCalendar.CloseOn(day))
        {
            // After the close (or on a day without a session): the last session as it ended.
            var basePrice = history.PreviousClose(ticker, last.Date) ?? last.Open;
            return Make(instrument, last.Date, last.Close, basePrice, last.Open, last.High, last.Low, last.Volume, last.TradeValue, KrxCalendar.CloseOn(last.Date));
        }
        // Before today's open: yesterday's close is today's base price, nothing has traded yet.
        return Make(instrument, day, last.Close, last.Close, 0m, 0m, 0m, 0, 0m, KrxCalendar.CloseOn(last.Date));
    }

    private static Quote Make(BacktestInstrument i, DateOnly day, decimal price, decimal basePrice, decimal open, decimal high, decimal low,
        long volume, decimal value, DateTimeOffset time)
    {
        var limits = KrxRules.DailyLimits(basePrice, i.Market, i.Kind, day);
        var change = price - basePrice;
        var rate = basePrice > 0 ? Math.Round(change / basePrice * 100m, 2) : 0m;
        return new Quote(i.Ticker, i.Name, price, change, rate, open, high, low, volume, value, basePrice, limits.Upper, limits.Lower,
            KrxRules.TickSize(price, i.Market, i.Kind, day), time);
    }

    private static List<Bar> Aggregate(IReadOnlyList<Bar> days, BarPeriod period)
    {
        static DateOnly Key(DateOnly d, BarPeriod p) => p switch
        {
            BarPeriod.Week => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
            BarPeriod.Month => new DateOnly(d.Year, d.Month, 1),
            _ => new DateOnly(d.Year, 1, 1),
        };
        return [.. days.GroupBy(b => Key(b.Date, period)).OrderBy(g => g.Key).Select(g =>
        {
            var list = g.ToList();
            return new Bar(new DateTimeOffset(g.Key.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), list[0].Open, list.Max(b => b.High),
                list.Min(b => b.Low), list[^1].Close, list.Sum(b => b.Volume), list.Sum(b => b.TradeValue));
        })];
    }
}
