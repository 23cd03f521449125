using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Backtesting;

public sealed partial class SimulatedBroker
{
    private sealed class HoldingState
    {
        public long Quantity { get; set; }
        /// <summary>Cost of the shares held, fees excluded (pchs_amt), so the average price is PurchaseAmount / Quantity.</summary>
        public decimal PurchaseAmount { get; set; }
        /// <summary>Buy commission of the shares held, charged to realised P&amp;L when they are sold (KIS_API.md §9).</summary>
        public decimal PurchaseFee { get; set; }
    }

    private sealed class DayState
    {
        public decimal BuyAmount { get; set; }
        public decimal SellAmount { get; set; }
        public decimal Fee { get; set; }
        public decimal Tax { get; set; }
        public decimal RealizedPnl { get; set; }
    }

    /// <summary>The opening price: orders accepted at or before the open, in time priority.</summary>
    private void RunOpen(DateOnly day)
    {
        // A split effective today multiplies the shares held (the cost stays, so the average price divides); a fraction
        // of a share left by a consolidation is dropped (KRX pays it in cash, which is not modelled).
        foreach (var (ticker, holding) in _holdings)
            if (holding.Quantity > 0 && _history.Contains(ticker) && _history.SplitRatio(ticker, day) is var ratio && ratio != 1m)
                holding.Quantity = (long)Math.Floor(holding.Quantity * ratio);
        if (_history.Minutes is not null) return; // orders meet the first minute bar instead (RunMinutes)
        foreach (var order in Live.Where(o => o.Session == day && o.AtOpen && o.Remaining > 0).ToList())
            TryAtOpen(order);
    }

    private void TryAtOpen(SimulatedOrder order)
    {
        if (_history.BarOn(order.Ticker, order.Session) is not { Volume: > 0 } bar) return;
        // At the open only the previous session's range is known: it is the spread proxy there (today's would leak through the fill).
        var slipped = Slipped(order, bar.Open, bar, _history.PreviousBar(order.Ticker, order.Session) is { } before ? before.High - before.Low : 0m);
        decimal price;
        if (order.Type == OrderPriceType.Market) price = slipped;
        else if (order.Side == Side.Buy && order.Price >= bar.Open) price = Math.Min(order.Price, slipped);
        else if (order.Side == Side.Sell && order.Price <= bar.Open) price = Math.Max(order.Price, slipped);
        else return; // not marketable at the open: it rests for the day's range
        Execute(order, price, KrxCalendar.OpenOn(order.Session), bar, asMarket: order.Type == OrderPriceType.Market);
    }

    /// <summary>The close: resting limits against the day's range, then everything accepted after the open against the
    /// closing price, then the day's leftovers are cancelled (KRX orders are day orders).</summary>
    private void RunClose(DateOnly day)
    {
        var at = KrxCalendar.CloseOn(day);
        var open = Live.Where(o => o.Session == day && o.Remaining > 0).ToList();
        foreach (var order in open)
        {
            if (_history.BarOn(order.Ticker, day) is not { Volume: > 0 } bar) continue;
            if (order.AtOpen && order.Type != OrderPriceType.Market && order.Remaining > 0)
            {
                // Not marketable at the open (the open was beyond the limit), so the limit itself is the best price reached.
                var reached = order.Side == Side.Buy
                    ? (_options.LimitNeedsTradeThrough ? bar.Low < order.Price : bar.Low <= order.Price)
                    : (_options.LimitNeedsTradeThrough ? bar.High > order.Price : bar.High >= order.Price);
                if (reached) Execute(order, order.Price, at, bar, asMarket: false);
            }
            if (order.Remaining <= 0) continue;
            if (order.Type == OrderPriceType.ConditionalLimit)
                Execute(order, Slipped(order, bar.Close, bar, bar.High - bar.Low), at, bar, asMarket: true);
            else if (!order.AtOpen)
            {
                var slipped = Slipped(order, bar.Close, bar, bar.High - bar.Low);
                if (order.Type == OrderPriceType.Market) Execute(order, slipped, at, bar, asMarket: true);
                else if (order.Side == Side.Buy && order.Price >= bar.Close) Execute(order, Math.Min(order.Price, slipped), at, bar, asMarket: false);
                else if (order.Side == Side.Sell && order.Price <= bar.Close) Execute(order, Math.Max(order.Price, slipped), at, bar, asMarket: false);
            }
        }
        foreach (var order in open.Where(o => o.Remaining > 0))
        {
            order.Note = _history.BarOn(order.Ticker, day) is { Volume: > 0 }
                ? $"{order.Remaining} unfilled, cancelled at the close of {day:yyyy-MM-dd}"
                : $"{order.Remaining} cancelled at the close of {day:yyyy-MM-dd}: no trading in {order.Ticker} that day";
            order.CancelledQuantity += order.Remaining;
        }
        while (_firstOpen < _orders.Count && _orders[_firstOpen].Session <= day) _firstOpen++;
    }

    /// <summary>Minute resolution: the bars of <paramref name="day"/> that ended after <paramref name="from"/> and by
    /// <paramref name="to"/>, oldest first; in each, the day's open orders accepted at or before its start, in time
    /// priority (see the fill model on <see cref="SimulatedBroker"/>).</summary>
    private void RunMinutes(MinuteBars minutes, DateOnly day, DateTimeOffset from, DateTimeOffset to)
    {
        var open = Live.Where(o => o.Session == day && o.Remaining > 0).ToList();
        if (open.Count == 0) return;
        var minute = History.PointInTime.MinuteLength;
        // The first bar ending after `from` starts after from − 1 min, on a whole minute.
        var first = from - minute;
        var start = new DateTimeOffset(first.UtcTicks - first.UtcTicks % minute.Ticks, TimeSpan.Zero) + minute;
        if (start < KrxCalendar.OpenOn(day)) start = KrxCalendar.OpenOn(day);
        var close = KrxCalendar.CloseOn(day);
        for (var s = start; s + minute <= to && s < close; s += minute)
        {
            foreach (var order in open)
            {
                if (order.Remaining <= 0 || order.AcceptedAt > s) continue;
                if (minutes.At(order.Ticker, s) is not { Volume: > 0 } bar) continue;
                var before = minutes.Before(order.Ticker, s);
                var slipped = Slipped(order, bar.Open, bar, before is null ? 0m : before.High - before.Low);
                var end = s + minute;
                if (order.Type == OrderPriceType.Market) Execute(order, slipped, end, bar, asMarket: true, s);
                else if (order.Side == Side.Buy && order.Price >= bar.Open) Execute(order, Math.Min(order.Price, slipped), end, bar, asMarket: false, s);
                else if (order.Side == Side.Sell && order.Price <= bar.Open) Execute(order, Math.Max(order.Price, slipped), end, bar, asMarket: false, s);
                else
                {
                    var reached = order.Side == Side.Buy
                        ? (_options.LimitNeedsTradeThrough ? bar.Low < order.Price : bar.Low <= order.Price)
                        : (_options.LimitNeedsTradeThrough ? bar.High > order.Price : bar.High >= order.Price);
                    if (reached) Execute(order, order.Price, end, bar, asMarket: false, s);
                }
            }
        }
    }

    /// <summary>Minute resolution, the close: a conditional limit still open becomes a market order against the session's
    /// last minute bar; everything else left is cancelled (day orders).</summary>
    private void RunCloseOfMinutes(MinuteBars minutes, DateOnly day)
    {
        var at = KrxCalendar.CloseOn(day);
        var open = Live.Where(o => o.Session == day && o.Remaining > 0).ToList();
        foreach (var order in open.Where(o => o.Type == OrderPriceType.ConditionalLimit))
        {
            var bars = minutes.Day(order.Ticker, day);
            if (bars.Count == 0 || bars[^1] is not { Volume: > 0 } last) continue;
            Execute(order, Slipped(order, last.Close, last, last.High - last.Low), at, last, asMarket: true, last.Time);
        }
        foreach (var order in open.Where(o => o.Remaining > 0))
        {
            order.Note = minutes.Has(order.Ticker, day)
                ? $"{order.Remaining} unfilled, cancelled at the close of {day:yyyy-MM-dd}"
                : $"{order.Remaining} cancelled at the close of {day:yyyy-MM-dd}: no trading in {order.Ticker} that day";
            order.CancelledQuantity += order.Remaining;
        }
        while (_firstOpen < _orders.Count && _orders[_firstOpen].Session <= day) _firstOpen++;
    }

    /// <summary>The reference price moved against the trader: a fraction of <paramref name="range"/> (the spread proxy: the
    /// previous session's high − low at the open, the day's at the close, when the fill is only seen after the close) and
    /// a number of ticks, rounded against the trader onto the grid, never beyond the bar's high (buy) or low (sell).</summary>
    private decimal Slipped(SimulatedOrder order, decimal reference, Bar bar, decimal range)
    {
        var i = _history.Instrument(order.Ticker);
        var day = order.Session;
        var slip = _options.Slippage;
        var buy = order.Side == Side.Buy;
        var raw = reference + (buy ? 1m : -1m) * slip.RangeFraction * range;
        var p = buy ? KrxRules.CeilingToTick(raw, i.Market, i.Kind, day) : KrxRules.FloorToTick(Math.Max(1m, raw), i.Market, i.Kind, day);
        p = KrxRules.StepTicks(p, buy ? slip.Ticks : -slip.Ticks, i.Market, i.Kind, day);
        if (!buy && slip.SellsMeetTheBid)
        {
            // The sell meets the bid of the book HistoricalMarketData quotes, at least one tick below its ask, also without
            // slippage: the reference price is the ask, as in the simulator's book after its opening print.
            var ask = KrxRules.StepTicks(KrxRules.CeilingToTick(reference + slip.RangeFraction * range, i.Market, i.Kind, day), slip.Ticks, i.Market, i.Kind, day);
            if (p >= ask) p = KrxRules.StepTicks(ask, -1, i.Market, i.Kind, day);
        }
        if (buy && p > bar.High) p = KrxRules.FloorToTick(bar.High, i.Market, i.Kind, day);
        if (!buy && p < bar.Low) p = KrxRules.CeilingToTick(bar.Low, i.Market, i.Kind, day);
        return p;
    }

    /// <summary>Fills what the participation cap allows at <paramref name="price"/> through the matching engine: the market's
    /// side rests at that price (our part of the bar's volume), our order arrives and trades against it, and whatever is
    /// left of either is taken off the book again.</summary>
    private void Execute(SimulatedOrder order, decimal price, DateTimeOffset at, Bar bar, bool asMarket, DateTimeOffset? minuteBar = null)
    {
        var day = order.Session;
        // The cap is per bar: the day's at daily resolution, each minute's at minute resolution.
        var key = (order.Ticker, minuteBar ?? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset));
        var used = _participation.GetValueOrDefault(key);
        var cap = _options.Slippage.ParticipationCap is { } fraction ? (long)Math.Floor(bar.Volume * fraction) : long.MaxValue;
        var available = Math.Min(cap - used, order.Remaining);
        if (available <= 0) return;

        var i = _history.Instrument(order.Ticker);
        var basePrice = _history.PreviousClose(order.Ticker, day) ?? bar.Open;
        var limits = KrxRules.DailyLimits(basePrice, i.Market, i.Kind, day);
        price = Math.Clamp(price, limits.Lower, limits.Upper);
        _engine.Book(order.Ticker, i.Market, i.Kind);
        _engine.OpenDay(order.Ticker, basePrice, day);

        var liquidityId = $"LQ{++_engineSequence}";
        var opposite = order.Side == Side.Buy ? Side.Sell : Side.Buy;
        var liquidity = _engine.Submit(new ExchangeOrder(liquidityId, MarketAccount, order.Ticker, opposite, ExchangeOrderType.Limit, available, price));
        if (!liquidity.Accepted)
        {
            order.Note = $"no fill at {price}: the exchange refused the price ({liquidity.Reject})";
            return;
        }
        var ourId = $"{order.OrderNo}#{++_engineSequence}";
        var result = _engine.Submit(new ExchangeOrder(ourId, _options.AccountNo, order.Ticker, order.Side,
            asMarket ? ExchangeOrderType.Market : ExchangeOrderType.Limit, order.Remaining, asMarket ? null : order.Price));
        if (result.RestingQuantity > 0) _engine.Cancel(order.Ticker, ourId);
        _engine.Cancel(order.Ticker, liquidityId);
        if (!result.Accepted)
        {
            order.Note = $"the exchange refused the order ({result.Reject})";
            return;
        }
        foreach (var fill in result.Fills) Apply(order, fill.Price, fill.Quantity, at, i);
        _participation[key] = used + result.FilledQuantity;
    }

    /// <summary>Books one fill: commission and tax on the order's running total (charged once per order per day, as brokers
    /// do, so splitting a fill never changes the cost), the holding, the day's profit and the T+2 cash movement.</summary>
    private void Apply(SimulatedOrder order, decimal price, long quantity, DateTimeOffset at, BacktestInstrument instrument)
    {
        var costs = _options.Costs;
        var amount = price * quantity;
        var fee = costs.Commission(order.FilledAmount + amount) - order.Commission;
        var tax = order.Side == Side.Sell ? costs.SellTax(order.FilledAmount + amount, instrument.Market, order.Session) - order.Tax : 0m;
        order.FilledQuantity += quantity;
        order.FilledAmount += amount;
        order.Commission += fee;
        order.Tax += tax;

        if (!_holdings.TryGetValue(order.Ticker, out var holding)) _holdings[order.Ticker] = holding = new HoldingState();
        if (!_days.TryGetValue(order.Session, out var dayState)) _days[order.Session] = dayState = new DayState();
        dayState.Fee += fee;
        dayState.Tax += tax;
        if (order.Side == Side.Buy)
        {
            holding.Quantity += quantity;
            holding.PurchaseAmount += amount;
            holding.PurchaseFee += fee;
            dayState.BuyAmount += amount;
        }
        else
        {
            var cost = Math.Round(holding.PurchaseAmount * quantity / holding.Quantity, 4);
            var buyFee = Math.Round(holding.PurchaseFee * quantity / holding.Quantity, 4);
            holding.Quantity -= quantity;
            holding.PurchaseAmount = holding.Quantity == 0 ? 0m : holding.PurchaseAmount - cost;
            holding.PurchaseFee = holding.Quantity == 0 ? 0m : holding.PurchaseFee - buyFee;
            dayState.SellAmount += amount;
            dayState.RealizedPnl += amount - cost - buyFee - fee - tax;
        }
        var fill = new BacktestFill(++_fillSequence, order.OrderNo, order.Ticker, order.Side, at, price, quantity, fee, tax, SettlementDay(order.Session));
        _fills.Add(fill);
        _unsettled.Add(fill);
        _flows += fill.CashFlow;
    }

    /// <summary>T+2: the second trading day after the trade.</summary>
    public DateOnly SettlementDay(DateOnly trade) => NextTradingDay(NextTradingDay(trade));

    private DateOnly NextTradingDay(DateOnly day)
    {
        var d = day.AddDays(1);
        while (!_calendar.IsTradingDay(d)) d = d.AddDays(1);
        return d;
    }
}
