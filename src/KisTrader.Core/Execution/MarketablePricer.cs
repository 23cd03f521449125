using System.Globalization;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Execution;

/// <summary>Where the best ask and bid of a pricing came from.</summary>
public enum TopOfBookSource
{
    None,
    RealtimeOrderBook,
    RealtimeTick,
    RestOrderBook,
}

/// <summary>The best ask and bid at one moment (0 when that side is empty or unknown).</summary>
public sealed record TopOfBook(decimal BestAsk, decimal BestBid, DateTimeOffset At, TopOfBookSource Source);

/// <summary>The price an order would be sent at now. <see cref="Order"/> carries it (for a limit order: the best ask of a
/// buy, the best bid of a sell, never worse than <see cref="WorstPrice"/>). When the market has moved beyond the bound,
/// <see cref="Sendable"/> is false and <see cref="Reason"/> says by how much.</summary>
public sealed record MarketablePrice(
    PlannedOrder Order,
    decimal? PlanPrice,
    decimal? MarketPrice,
    decimal? WorstPrice,
    SlippageBound Bound,
    TopOfBookSource Source,
    bool Sendable,
    string Reason)
{
    public decimal? SendPrice => Sendable ? Order.Price : null;

    /// <summary>The refusal as a risk verdict, for the gateway's result and the run's record.</summary>
    public RiskVerdict Refusal() => RiskVerdict.Reject(RiskRejectCode.PriceMovedBeyondBound, Reason);
}

/// <summary>
/// Prices a limit order to be marketable at send time, so it fills instead of resting at a price the market left
/// minutes ago: a buy at the best ask, a sell at the best bid, from the realtime order book or the last realtime tick
/// (its best quotes) when fresh, else one REST order-book read. Never worse than the plan's price by more than the
/// <see cref="SlippageBound"/> (the tighter of its ticks and percent); beyond it the order is not sent, with the
/// distance in the reason. A better price than planned is taken as is. Market-type and conditional-limit orders are
/// left alone (see <see cref="Repriced"/>).
/// </summary>
public sealed class MarketablePricer(
    TickCache ticks,
    OrderBookCache books,
    IMarketData market,
    Func<FeedState> feedState,
    TimeProvider time,
    SlippageBound bound,
    TimeSpan realtimeMaxAge)
{
    public SlippageBound Bound => bound;

    public async Task<MarketablePrice> PriceAsync(PlannedOrder order, CancellationToken ct = default)
    {
        if (!Repriced(order))
            return Unchanged(order, bound, "not a limit order: sent as planned");
        var top = await TopOfBookAsync(order.Ticker, ct);
        var today = KrxCalendar.KstDate(time.GetUtcNow());
        return Decide(order, top, bound, today);
    }

    /// <summary>The freshest best ask and bid: realtime book, realtime tick, then REST (only when both are stale or absent).</summary>
    public async Task<TopOfBook> TopOfBookAsync(string ticker, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (feedState() == FeedState.Connected)
        {
            var book = books.Get(ticker);
            if (book is not null && now - book.Time <= realtimeMaxAge && (book.Asks.Count > 0 || book.Bids.Count > 0))
                return new TopOfBook(Best(book.Asks), Best(book.Bids), book.Time, TopOfBookSource.RealtimeOrderBook);
            if (ticks.TryGet(ticker, out var tick) && now - tick.Time <= realtimeMaxAge && (tick.BestAsk > 0 || tick.BestBid > 0))
                return new TopOfBook(tick.BestAsk, tick.BestBid, tick.Time, TopOfBookSource.RealtimeTick);
        }
        var rest = await market.GetOrderBookAsync(ticker, ct);
        return new TopOfBook(Best(rest.Asks), Best(rest.Bids), rest.Time, TopOfBookSource.RestOrderBook);
    }

    private static decimal Best(IReadOnlyList<BookLevel> levels) => levels.FirstOrDefault(l => l.Price > 0).Price;

    /// <summary>The pure decision, given the top of the book. <paramref name="date"/> selects the tick table.</summary>
    public static MarketablePrice Decide(PlannedOrder order, TopOfBook top, SlippageBound bound, DateOnly date)
    {
        if (!Repriced(order))
            return Unchanged(order, bound, "not a limit order: sent as planned");
        var plan = order.Price!.Value;
        var buy = order.Side == Side.Buy;
        var market = buy ? top.BestAsk : top.BestBid;
        var worst = WorstPrice(plan, buy, bound, date);
        if (market <= 0)
            // An empty side (a stock locked at its daily limit) has nothing to take: the plan's price is the best we know.
            return new MarketablePrice(order, plan, null, worst, bound, top.Source, true,
                $"no best {(buy ? "ask" : "bid")} ({SourceText(top.Source)}): sent at the plan's {Money(plan)}");

        var side = buy ? "ask" : "bid";
        var beyond = buy ? market > worst : market < worst;
        if (beyond)
        {
            var ticks = TicksBetween(plan, market, date);
            var percent = Math.Round(Math.Abs(market - plan) / plan * 100m, 2);
            return new MarketablePrice(order, plan, market, worst, bound, top.Source, false,
                $"not sent: the best {side} {Money(market)} is {ticks} tick(s) ({percent.ToString("0.##", CultureInfo.InvariantCulture)}%) " +
                $"{(buy ? "above" : "below")} the plan's {Money(plan)}, beyond the bound of {bound.MaxTicks} tick(s) and " +
                $"{bound.MaxPercent.ToString("0.##", CultureInfo.InvariantCulture)}% ({(buy ? "at most" : "at least")} {Money(worst)}; {SourceText(top.Source)})");
        }
        var moved = market == plan ? "at the plan's price" : (buy ? market < plan : market > plan) ? $"better than the plan's {Money(plan)}"
            : $"{TicksBetween(plan, market, date)} tick(s) from the plan's {Money(plan)}, within the bound";
        return new MarketablePrice(order with { Price = market }, plan, market, worst, bound, top.Source, true,
            $"priced at the best {side} {Money(market)} ({moved}; {SourceText(top.Source)})");
    }

    /// <summary>Plain limit orders (지정가) with a price. Market-type orders execute at the market's price already; a
    /// conditional limit (조건부지정가) is a deliberately passive order (it waits at its price and turns into a market order
    /// at the closing auction), so it is sent as planned.</summary>
    public static bool Repriced(PlannedOrder order) => order.PriceType == OrderPriceType.Limit && order.Price is > 0;

    /// <summary>The worst price the bound allows: the tighter of <see cref="SlippageBound.MaxTicks"/> ticks and
    /// <see cref="SlippageBound.MaxPercent"/> percent from the plan's price, on the tick grid (never past the percent).</summary>
    public static decimal WorstPrice(decimal plan, bool buy, SlippageBound bound, DateOnly date)
    {
        var byTicks = KrxRules.StepTicks(plan, buy ? bound.MaxTicks : -bound.MaxTicks, date: date);
        var raw = plan * (1m + (buy ? bound.MaxPercent : -bound.MaxPercent) / 100m);
        var byPercent = raw <= 1m ? 1m : buy ? KrxRules.FloorToTick(raw, date: date) : KrxRules.CeilingToTick(raw, date: date);
        // The percent rounded onto the grid can land behind the plan's price (a bound narrower than one tick): then only the plan's price is allowed.
        byPercent = buy ? Math.Max(byPercent, plan) : Math.Min(byPercent, plan);
        return buy ? Math.Min(byTicks, byPercent) : Math.Max(byTicks, byPercent);
    }

    /// <summary>How many steps of the KRX tick grid lie between two prices (across band boundaries).</summary>
    public static int TicksBetween(decimal from, decimal to, DateOnly date)
    {
        var (low, high) = from <= to ? (from, to) : (to, from);
        var count = 0;
        for (var p = low; p < high; p += KrxRules.TickSize(p, date: date)) count++;
        return count;
    }

    private static MarketablePrice Unchanged(PlannedOrder order, SlippageBound bound, string reason) =>
        new(order, order.Price, null, null, bound, TopOfBookSource.None, true, reason);

    private static string SourceText(TopOfBookSource s) => s switch
    {
        TopOfBookSource.RealtimeOrderBook => "realtime order book",
        TopOfBookSource.RealtimeTick => "realtime tick",
        TopOfBookSource.RestOrderBook => "REST order book",
        _ => "no quote",
    };

    private static string Money(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
