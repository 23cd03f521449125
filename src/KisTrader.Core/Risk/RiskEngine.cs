using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Risk;

/// <summary>
/// THE one place an order is judged. Pure: the same orders and context always give the same verdicts.
/// Checks run cheapest and most fundamental first, so the reason a person reads is the first rule the order broke.
/// Policy choices (documented here because they are deliberate):
/// <list type="bullet">
/// <item>Stale market data refuses every new order, sells included: the tick, limit and value checks all rest on
/// the quote, and the kill switch (which cancels, never sends) is the way out when data is stale.</item>
/// <item>Daily or weekly loss beyond its limit refuses buys (with its own code); sells stay allowed and their
/// approval reason mentions the breach. <see cref="LossLimitGuard"/> also moves the trading mode (Reducing, Halted)
/// on a breach; the refusal here does not depend on that having happened yet.</item>
/// <item>Order value, cash, reserve and weight limits bound risk taken on, so they apply to buys only;
/// a sell never needs cash and always lowers a weight. A ticker's weight counts our open buys of it as well as the
/// holding (a resting bid becomes a holding when it fills). Orders per day counts both sides.</item>
/// <item>The capital cap (<see cref="RiskLimits.MaxCapitalKrw"/>) counts all holdings at market plus open and planned
/// buys on the weight limit's price basis. A buy that would exceed it is reduced to the largest whole quantity that
/// fits (as a strategy rule reduces), then judged by the other limits at that size; a sell is never capped.</item>
/// </list>
/// </summary>
public sealed class RiskEngine(RiskLimits limits, TradingCosts? costs = null)
{
    private readonly TradingCosts _costs = costs ?? new TradingCosts();

    public RiskLimits Limits { get; } = limits;

    public RiskVerdict Check(PlannedOrder order, RiskContext ctx) => CheckPlan([order], ctx)[0];

    /// <summary>Judges the orders in sequence as if each approved one were sent: cash used, planned weight, sellable
    /// quantity and the day's order count accumulate. A sell frees no cash for a later buy (it is not filled yet).</summary>
    public IReadOnlyList<RiskVerdict> CheckPlan(IReadOnlyList<PlannedOrder> orders, RiskContext ctx)
    {
        var plan = new PlanState();
        var verdicts = new List<RiskVerdict>(orders.Count);
        foreach (var order in orders)
        {
            var verdict = Judge(order, ctx, plan, out var buyCost, out var buyValue);
            if (verdict.Approved)
            {
                plan.Approved++;
                if (order.Side == Side.Buy)
                {
                    plan.CashUsed += buyCost;
                    plan.BuyValue[order.Ticker] = plan.BuyValue.GetValueOrDefault(order.Ticker) + buyValue;
                }
                else
                    plan.Sold[order.Ticker] = plan.Sold.GetValueOrDefault(order.Ticker) + verdict.ApprovedQuantity;
            }
            verdicts.Add(verdict);
        }
        return verdicts;
    }

    private sealed class PlanState
    {
        public int Approved;
        public decimal CashUsed;
        public readonly Dictionary<string, decimal> BuyValue = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> Sold = new(StringComparer.Ordinal);
    }

    /// <summary>Order types that carry a price (지정가, 조건부지정가); the others execute at a market-determined price.</summary>
    public static bool HasLimitPrice(OrderPriceType type) => type is OrderPriceType.Limit or OrderPriceType.ConditionalLimit;

    private RiskVerdict Judge(PlannedOrder order, RiskContext ctx, PlanState plan, out decimal buyCost, out decimal buyValue)
    {
        buyCost = 0m;
        buyValue = 0m;
        var buy = order.Side == Side.Buy;

        switch (ctx.Mode.Mode)
        {
            case TradingMode.Halted:
                return RiskVerdict.Reject(RiskRejectCode.TradingHalted, $"trading is halted ({ctx.Mode.Reason})");
            case TradingMode.Reducing when buy:
                return RiskVerdict.Reject(RiskRejectCode.ReducingSellsOnly, $"trading is reducing: sells only ({ctx.Mode.Reason})");
        }

        if (!ctx.Universe.Contains(order.Ticker))
            return RiskVerdict.Reject(RiskRejectCode.UnknownTicker, $"{order.Ticker} is not in the trading universe");
        if (order.Quantity <= 0)
            return RiskVerdict.Reject(RiskRejectCode.InvalidQuantity, $"quantity must be positive (got {order.Quantity})");

        if (ctx.Analysis is { Stale: true } analysis)
            return RiskVerdict.Reject(RiskRejectCode.StaleMarketData, $"market data is stale ({analysis.StaleReason ?? "feed not current"}): no new orders");
        if (!ctx.Quotes.TryGetValue(order.Ticker, out var quote) || quote.Price <= 0)
            return RiskVerdict.Reject(RiskRejectCode.StaleMarketData, $"no current quote for {order.Ticker}");

        var limitPriced = HasLimitPrice(order.PriceType);
        if (limitPriced)
        {
            if (order.Price is not { } price || price <= 0)
                return RiskVerdict.Reject(RiskRejectCode.InvalidPrice, $"a {order.PriceType} order needs a positive price (got {order.Price?.ToString("0.##") ?? "none"})");
            var kind = InstrumentKindOf(quote);
            var today = DateOnly.FromDateTime(ctx.Now.ToKst().DateTime);
            if (!KrxRules.IsOnTick(price, kind: kind, date: today))
                return RiskVerdict.Reject(RiskRejectCode.OffTick, $"{price:0.##} is not on the KRX tick grid (tick {KrxRules.TickSize(price, kind: kind, date: today):0} at that price)");
            if (quote.UpperLimit > 0 && quote.LowerLimit > 0 && (price > quote.UpperLimit || price < quote.LowerLimit))
                return RiskVerdict.Reject(RiskRejectCode.OutsideDailyLimits, $"{price:0.##} is outside today's limits {quote.LowerLimit:0}..{quote.UpperLimit:0}");
        }
        else if (order.Price is { } p && p != 0)
            return RiskVerdict.Reject(RiskRejectCode.InvalidPrice, $"a {order.PriceType} order carries no price (got {p:0.##})");

        var quantity = order.Quantity;
        if (!buy)
        {
            var sellable = (ctx.Portfolio.Find(order.Ticker)?.SellableQuantity ?? 0) - plan.Sold.GetValueOrDefault(order.Ticker);
            if (quantity > sellable)
                return RiskVerdict.Reject(RiskRejectCode.InsufficientSellableQuantity, $"selling {quantity} but only {Math.Max(0, sellable)} {order.Ticker} are sellable");
        }

        var sentToday = ctx.OrdersSentToday + plan.Approved;
        if (sentToday >= Limits.MaxOrdersPerDay)
            return RiskVerdict.Reject(RiskRejectCode.OrdersPerDayExceeded, $"{sentToday} orders today already reach the limit of {Limits.MaxOrdersPerDay}");

        var equity = ctx.Portfolio.TotalEquity;
        var (daily, weekly, dailyBreached, weeklyBreached) = LossLimitStatus.Of(Limits, equity, ctx.EquityAtDayStart, ctx.EquityAtWeekStart);
        if (buy && weeklyBreached)
            return RiskVerdict.Reject(RiskRejectCode.WeeklyLossLimit, $"equity is {weekly:0.##}% this week, beyond the −{Limits.WeeklyLossLimitPercent}% limit: sells only");
        if (buy && dailyBreached)
            return RiskVerdict.Reject(RiskRejectCode.DailyLossLimit, $"equity is {daily:0.##}% today, beyond the −{Limits.DailyLossLimitPercent}% limit: sells only");

        var requiresApproval = false;
        var notes = new List<string>();
        // Strategy rules restrict what the system takes on. A sell always lowers exposure, so a rule never blocks or
        // shrinks one (that would keep a stop-loss from selling): on a sell a matching rule only asks for an admin, and
        // not even that while trading is Reducing or a loss limit is breached, when getting out must not wait.
        var sellMustNotWait = !buy && (ctx.Mode.Mode == TradingMode.Reducing || weeklyBreached || dailyBreached);
        if (!sellMustNotWait && ctx.Rules.Match(order, RuleFeatures.ForOrder(order, ctx.Analysis, ctx.Portfolio, ctx.Now)) is { } rule)
        {
            if (!buy)
            {
                requiresApproval = true;
                notes.Add($"rule {rule.RuleId} matches this sell; a sell is never blocked or reduced by a rule, so it waits for approval: {rule.Reason}");
            }
            else
            {
                if (rule.Action == RuleAction.Block)
                    return RiskVerdict.Reject(RiskRejectCode.StrategyRule, $"rule {rule.RuleId} blocks it: {rule.Reason}");
                // A combined match may both reduce and require approval: RequireApproval carries the smallest size factor.
                var factor = Math.Clamp(rule.SizeFactor, 0m, 1m);
                if (rule.Action == RuleAction.ReduceSize || factor < 1m)
                {
                    quantity = (long)Math.Floor(quantity * factor);
                    if (quantity <= 0)
                        return RiskVerdict.Reject(RiskRejectCode.StrategyRule, $"rule {rule.RuleId} reduces it to nothing (×{factor}): {rule.Reason}");
                    if (quantity != order.Quantity) notes.Add($"rule {rule.RuleId} reduced {order.Quantity} to {quantity}: {rule.Reason}");
                }
                if (rule.Action == RuleAction.RequireApproval)
                {
                    requiresApproval = true;
                    notes.Add($"rule {rule.RuleId} requires approval: {rule.Reason}");
                }
            }
        }

        if (buy)
        {
            // A market-type buy can fill anywhere up to the upper limit: reserve cash for the worst case.
            var unit = limitPriced ? order.Price!.Value : (quote.UpperLimit > 0 ? quote.UpperLimit : quote.Price);
            if (Limits.MaxCapitalKrw is { } capital)
            {
                // Same basis as the weight limit: holdings at market, buys placed but unfilled, buys earlier in this plan.
                var invested = ctx.Portfolio.Positions.Sum(h => h.Value) + ctx.OpenBuyValue.Values.Sum() + plan.BuyValue.Values.Sum();
                var fits = Math.Max(0L, (long)Math.Floor((capital - invested) / unit));
                if (fits < quantity)
                {
                    var why = $"capital cap {capital:N0} KRW: {invested:N0} KRW invested, order value {unit * quantity:N0} KRW";
                    if (fits <= 0)
                        return RiskVerdict.Reject(RiskRejectCode.CapitalCapExceeded, $"{why}; not one share fits");
                    notes.Add($"{why}; reduced {quantity} to {fits}");
                    quantity = fits;
                }
            }
            var value = unit * quantity;
            var cost = value + _costs.Commission(value);
            if (value > Limits.MaxOrderValueKrw)
                return RiskVerdict.Reject(RiskRejectCode.OrderValueExceeded, $"order value {value:N0} KRW exceeds the {Limits.MaxOrderValueKrw:N0} KRW limit");
            var cash = ctx.Portfolio.Cash - plan.CashUsed;
            if (cost > cash)
                return RiskVerdict.Reject(RiskRejectCode.InsufficientBuyingPower, $"costs {cost:N0} KRW with commission but only {Math.Max(0, cash):N0} KRW cash is free");
            var reserve = equity * Limits.MinCashReservePercent / 100m;
            if (cash - cost < reserve)
                return RiskVerdict.Reject(RiskRejectCode.CashReserve, $"would leave {cash - cost:N0} KRW cash, below the {Limits.MinCashReservePercent}% reserve ({reserve:N0} KRW)");
            // Held, still bid by earlier orders (placed, not yet filled), earlier in this plan, and this order.
            var held = (ctx.Portfolio.Find(order.Ticker)?.Value ?? 0m) + ctx.OpenBuyValue.GetValueOrDefault(order.Ticker);
            var after = held + plan.BuyValue.GetValueOrDefault(order.Ticker) + value;
            var weight = equity > 0 ? after / equity * 100m : 100m;
            if (weight > Limits.MaxTickerWeightPercent)
                return RiskVerdict.Reject(RiskRejectCode.TickerWeightExceeded, $"{order.Ticker} would be {weight:0.##}% of equity, above the {Limits.MaxTickerWeightPercent}% limit");
            buyCost = cost;
            buyValue = value;
        }
        else
        {
            if (weeklyBreached) notes.Add($"weekly loss {weekly:0.##}% beyond the limit: sells only");
            else if (dailyBreached) notes.Add($"daily loss {daily:0.##}% beyond the limit: sells only");
        }

        return RiskVerdict.Approve(quantity, notes.Count == 0 ? "within limits" : string.Join("; ", notes), requiresApproval);
    }

    // Quotes do not name the instrument kind; an ETF/ETN shows its fixed 5-won tick where a stock's would differ.
    private static InstrumentKind InstrumentKindOf(Quote quote) =>
        quote.TickSize == KrxRules.EtfTick && KrxRules.TickSize(quote.Price) != KrxRules.EtfTick ? InstrumentKind.Etf : InstrumentKind.Stock;
}
