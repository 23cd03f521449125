using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator;

public sealed partial class SimExchange
{
    private static readonly double SessionSeconds = (TradingCalendar.SessionClose - TradingCalendar.SessionOpen).TotalSeconds;

    /// <summary>True while orders are accepted and prices move.</summary>
    public bool IsOpen(DateTimeOffset now) => _settings.AlwaysOpen || TradingCalendar.InSession(now);

    /// <summary>One price step of every instrument (the market timer calls this every TickInterval).</summary>
    public void Step()
    {
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (!IsOpen(now)) return;
            RollDayIfDue(now);
            foreach (var s in _ordered) StepInstrument(s, now);
            Dirty = true; // the market moved: the periodic save picks it up
        }
    }

    private void StepInstrument(InstrumentState s, DateTimeOffset now)
    {
        var rng = s.Rng;
        if (--s.RegimeTicks <= 0) { s.Regime = RegimeParameters.Next(rng); s.RegimeTicks = rng.Next(600, 3600); }
        var previous = s.LogFair;
        IntradayProcess.Advance(s, 1, rng);

        var fills = new List<MatchFill>();
        fills.AddRange(Requote(s, (decimal)Math.Exp(s.LogFair), now, publish: false));

        // Taker flow: a few orders against the best quotes, a day's usual volume spread over the trading day.
        var perTick = IntradayFlow.PerSecond(s.Definition, now, _settings.AlwaysOpen) * _settings.TickInterval.TotalSeconds;
        var volume = (long)Math.Round(perTick * Math.Exp(0.5 * rng.NextGaussian()));
        if (volume > 0)
        {
            var buyProbability = s.LogFair > previous ? 0.7 : s.LogFair < previous ? 0.3 : 0.5;
            var side = rng.NextDouble() < buyProbability ? Side.Buy : Side.Sell;
            var children = (int)Math.Min(volume, rng.Next(1, 4));
            var book = _engine.Book(s.Code);
            if (!s.Traded)
            {
                // The day's first print (the open) lifts part of the best offer, at one price, and that offer stays: the
                // open is the last price and the best ask, the bid one tick below. That is the book a daily bar implies at
                // the open (the backtester's), so the live graph and a backtest over the simulator's bars see the same open.
                side = Side.Buy;
                children = 1;
                var offer = _engine.Depth(s.Code, 1).Asks;
                volume = offer.Count == 0 ? 0 : Math.Min(volume, offer[0].Quantity - 1);
            }
            for (var i = 0; i < children; i++)
            {
                var qty = i == children - 1 ? volume - volume / children * (children - 1) : volume / children;
                var price = side == Side.Buy ? book.BestAsk : book.BestBid;
                if (price is null || qty <= 0) break;
                var id = "f" + (++_syntheticSequence);
                // Synthetic orders go to the book directly: the engine remembers every order id
                // forever, which would grow without bound at this churn. Access is under Gate.
                var r = book.Submit(new ExchangeOrder(id, FlowAccount, s.Code, side, ExchangeOrderType.Limit, qty, price), now);
                fills.AddRange(r.Fills);
                if (r.RestingQuantity > 0) book.Cancel(id);
            }
        }
        ApplyFills(s, fills);
        Publisher.Book(s, this);
    }

    /// <summary>
    /// Replaces the market maker's ten levels a side around <paramref name="fair"/>. A new quote that
    /// crosses a customer's resting order trades with it: that is how the market trades through a limit.
    /// </summary>
    private List<MatchFill> Requote(InstrumentState s, decimal fair, DateTimeOffset now, bool publish = true)
    {
        var book = _engine.Book(s.Code);
        var ids = _makerOrders[s.Code];
        foreach (var id in ids) if (book.Contains(id)) book.Cancel(id);
        ids.Clear();
        var fills = new List<MatchFill>();
        var limits = s.Limits;
        var market = s.Market;
        var date = s.TradingDate;
        var bestBid = KrxRules.FloorToTick(Math.Clamp(fair, limits.Lower, limits.Upper), market, InstrumentKind.Stock, date);
        if (bestBid >= limits.Upper) bestBid = KrxRules.StepTicks(limits.Upper, -1, market, InstrumentKind.Stock, date);
        if (bestBid < limits.Lower) bestBid = limits.Lower;
        var bestAsk = KrxRules.StepTicks(bestBid, 1, market, InstrumentKind.Stock, date);
        var perTick = Math.Max(1.0, s.Definition.DailyVolume / (SessionSeconds / _settings.TickInterval.TotalSeconds));
        var rng = s.Rng;
        long LevelQuantity(int level) => Math.Max(1L, (long)Math.Round(perTick * (2 + level) * (0.5 + rng.NextDouble())));

        for (var i = 0; i < 10; i++)
        {
            var price = KrxRules.StepTicks(bestAsk, i, market, InstrumentKind.Stock, date);
            if (price > limits.Upper) break;
            fills.AddRange(PostMaker(book, ids, s.Code, Side.Sell, LevelQuantity(i), price, now));
        }
        for (var i = 0; i < 10; i++)
        {
            var price = KrxRules.StepTicks(bestBid, -i, market, InstrumentKind.Stock, date);
            if (price < limits.Lower || (i > 0 && price == KrxRules.StepTicks(bestBid, -(i - 1), market, InstrumentKind.Stock, date))) break;
            fills.AddRange(PostMaker(book, ids, s.Code, Side.Buy, LevelQuantity(i), price, now));
        }
        if (publish)
        {
            ApplyFills(s, fills);
            Publisher.Book(s, this);
            return [];
        }
        return fills;
    }

    private IReadOnlyList<MatchFill> PostMaker(OrderBook book, List<string> ids, string code, Side side, long qty, decimal price, DateTimeOffset now)
    {
        var id = "m" + (++_syntheticSequence);
        var r = book.Submit(new ExchangeOrder(id, MarketMakerAccount, code, side, ExchangeOrderType.Limit, qty, price), now);
        if (r.RestingQuantity > 0) ids.Add(id);
        return r.Fills;
    }

    /// <summary>Starts the new trading day if the clock has reached one while the market is open. Under <see cref="Gate"/>.
    /// Called by the market step and before an order is taken or modified: an order that arrives before the day's first
    /// step belongs to the new day, and must not be dated the old one and expired with it when the step rolls the day.</summary>
    private void RollDayIfDue(DateTimeOffset now)
    {
        if (_ordered.Count == 0 || !IsOpen(now)) return;
        var date = CurrentTradingDate(now);
        if (date > _ordered[0].TradingDate) RollDay(date, now);
    }

    /// <summary>A new trading day: the last day becomes a bar, customers' day orders expire, limits follow the new base.</summary>
    private void RollDay(DateOnly date, DateTimeOffset now)
    {
        foreach (var o in _orderList.Where(o => o.Remaining > 0))
        {
            _engine.Cancel(o.Code, o.Odno);
            o.CancelledQuantity += o.Remaining;
        }
        foreach (var s in _ordered)
        {
            CloseDay(s, s.Today);
            FillGap(s, date);
            s.StartDay(date, s.History[^1].Close);
            s.LogFair = s.LogTarget = Math.Log((double)s.BasePrice);
            CatchUp(s, now);
            _engine.OpenDay(s.Code, s.BasePrice, date);
            Requote(s, (decimal)Math.Exp(s.LogFair), now, publish: false);
        }
        Dirty = true;
    }

    /// <summary>A day that began before the simulator saw it has traded since its open (see <see cref="IntradayBackfill"/>).</summary>
    private void CatchUp(InstrumentState s, DateTimeOffset now)
    {
        var (from, to) = IntradayFlow.SessionSoFar(s.TradingDate, now, _settings.AlwaysOpen);
        IntradayBackfill.Run(s, from, to, _settings);
    }

    /// <summary>Best bid/ask and ten levels a side (customers' orders included).</summary>
    public (IReadOnlyList<(decimal Price, long Quantity)> Bids, IReadOnlyList<(decimal Price, long Quantity)> Asks) Depth(string code)
    {
        lock (Gate) return _engine.Depth(code, 10);
    }
}

public sealed partial class SimExchange
{
    /// <summary>Depth for callers already inside <see cref="Gate"/> (the realtime publisher).</summary>
    internal (IReadOnlyList<(decimal Price, long Quantity)> Bids, IReadOnlyList<(decimal Price, long Quantity)> Asks) DepthUnlocked(string code) =>
        _engine.Depth(code, 10);
}
