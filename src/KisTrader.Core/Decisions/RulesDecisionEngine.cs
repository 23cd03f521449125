using System.Globalization;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Decisions;

/// <summary>
/// The deterministic engine (used when no LLM is configured or its budget is spent). Rules, in order:
/// <list type="number">
/// <item>Stale analysis → hold everything.</item>
/// <item>SELL a held position (all sellable shares) on stop-loss (P&amp;L ≤ StopLossPercent), take-profit
/// (P&amp;L ≥ TakeProfitPercent) or overbought (RSI(14) &gt; OverboughtRsi); the first that applies is named.</item>
/// <item>BUY a ticker of the universe that is not held at a loss and is under the weight cap, when one of:
/// oversold-uptrend (RSI(14) &lt; OversoldRsi and price &gt; SMA60), volume-surge momentum (surge ≥ VolumeSurgeRatio and
/// change between MomentumMinChangePercent and MomentumMaxChangePercent), or breakout (price above the 20-day high and
/// the 20-day average, RSI(14) &lt; BreakoutMaxRsi), or trend momentum (price &gt; SMA20 &gt; SMA60, MACD above its
/// signal, up today, RSI(14) between TrendMinRsi and TrendMaxRsi). At most MaxBuysPerRun, strongest signal first.</item>
/// </list>
/// Sizing: BuyFractionOfEquity × equity at the best ask (else the current price floored to tick), in whole shares, trimmed to the weight cap
/// and to cash above the reserve. A stop-loss sells at market (it must execute); other sells are limit orders at the best
/// bid (marketable), and the order gateway prices every limit order at the best ask or bid again when it sends it.
/// Same input → same plan: tickers are visited in ordinal order and ties break by ticker.
/// </summary>
public sealed class RulesDecisionEngine(RulesEngineOptions? options = null) : IDecisionEngine
{
    private readonly RulesEngineOptions _o = options ?? new RulesEngineOptions();

    public const string EngineName = "rules";

    public string Name => EngineName;

    public Task<DecisionResult> DecideAsync(DecisionInput input, CancellationToken ct = default)
    {
        var analysis = input.Analysis;
        if (analysis.Stale)
            return Task.FromResult(DecisionResult.Accepted(new TradingPlan(Name, [], $"Hold: market analysis is stale ({analysis.StaleReason}).")));

        var orders = new List<PlannedOrder>();
        var notes = new List<string>();
        var today = DateOnly.FromDateTime(input.Now.ToKst().DateTime);
        // MarketAnalysis.Find's answers (the first analysis of a ticker), looked up once per ticker instead of a scan per
        // ticker: a backtest over hundreds of instruments asks for each of them every session.
        var byTicker = new Dictionary<string, TickerAnalysis>(analysis.Tickers.Count, StringComparer.Ordinal);
        foreach (var a in analysis.Tickers) byTicker.TryAdd(a.Ticker, a);

        foreach (var position in input.Portfolio.Positions.Where(p => p.SellableQuantity > 0).OrderBy(p => p.Ticker, StringComparer.Ordinal))
        {
            var t = byTicker.GetValueOrDefault(position.Ticker);
            if (t is null || t.Price <= 0) continue;
            var exit = SellReason(position, t);
            if (exit is not { } e) continue;
            // A stop-loss must sell, however far the price falls before the send: a market order, which KRX fills against
            // the bids at once (a limit could be refused by the slippage bound or rest above a falling market). Other exits
            // are limit orders at the best bid (marketable), which the gateway re-prices at send time within the bound.
            orders.Add(e.StopLoss
                ? new PlannedOrder(position.Ticker, Side.Sell, position.SellableQuantity, OrderPriceType.Market, null, e.Reason, 0.7m)
                : new PlannedOrder(position.Ticker, Side.Sell, position.SellableQuantity, OrderPriceType.Limit, ExitPrice(t, today), e.Reason, 0.7m));
        }

        var candidates = new List<(string Ticker, decimal Strength, string Reason, decimal Confidence, TickerAnalysis T)>();
        foreach (var ticker in input.Universe.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (orders.Any(o => o.Ticker == ticker)) continue;
            var t = byTicker.GetValueOrDefault(ticker);
            if (t is null || t.Price <= 0) continue;
            var held = input.Portfolio.Find(ticker);
            if (held is { Quantity: > 0 } && held.Price < held.AveragePrice) continue; // never average down
            if (held is not null && held.WeightPercent >= _o.MaxTickerWeightPercent) continue;
            var signal = BuySignal(t);
            if (signal is not { } s) continue;
            if (_o.MinMlProbability is { } minMl)
            {
                if (t.MlProbability is not { } p || p < minMl)
                {
                    notes.Add(FormattableString.Invariant($"{ticker}: {s.Reason} but the ML signal is {(t.MlProbability is { } q ? q.ToString("0.###", CultureInfo.InvariantCulture) : "not available")} (required {minMl:0.###})."));
                    continue;
                }
                candidates.Add((ticker, s.Strength, FormattableString.Invariant($"{s.Reason} ML signal {p:0.###} ≥ {minMl:0.###}."), s.Confidence, t));
                continue;
            }
            candidates.Add((ticker, s.Strength, s.Reason, s.Confidence, t));
        }

        var equity = input.Portfolio.TotalEquity;
        var spendable = input.Portfolio.Cash - equity * _o.MinCashReservePercent / 100m;
        foreach (var c in candidates.OrderByDescending(c => c.Strength).ThenBy(c => c.Ticker, StringComparer.Ordinal).Take(_o.MaxBuysPerRun))
        {
            var price = EntryPrice(c.T, today);
            var heldValue = input.Portfolio.Find(c.Ticker)?.Value ?? 0m;
            var budget = Math.Min(equity * _o.BuyFractionOfEquity, equity * _o.MaxTickerWeightPercent / 100m - heldValue);
            budget = Math.Min(budget, spendable);
            var quantity = budget > 0 ? (long)Math.Floor(budget / price) : 0;
            if (quantity <= 0)
            {
                notes.Add($"{c.Ticker}: {c.Reason} but no budget (cash above reserve {Money(Math.Max(spendable, 0))}).");
                continue;
            }
            spendable -= quantity * price;
            var why = $"{c.Reason} Size: {_o.BuyFractionOfEquity * 100m:0.##}% of equity {Money(equity)} → {quantity} × {Money(price)}.";
            orders.Add(new PlannedOrder(c.Ticker, Side.Buy, quantity, OrderPriceType.Limit, price, why, c.Confidence));
        }

        var summary = orders.Count == 0
            ? "Hold: no rule fired." + (notes.Count > 0 ? " " + string.Join(" ", notes) : "")
            : $"{orders.Count(o => o.Side == Side.Buy)} buy(s), {orders.Count(o => o.Side == Side.Sell)} sell(s) by rule." + (notes.Count > 0 ? " " + string.Join(" ", notes) : "");
        return Task.FromResult(DecisionResult.Accepted(new TradingPlan(Name, orders, summary)));
    }

    /// <summary>A buy's limit price: the best ask of the last tick when the analysis has it (a buy there executes, and the
    /// gateway's slippage bound then only has to cover what the market does between plan and send), else the last price
    /// floored to the tick grid.</summary>
    private static decimal EntryPrice(TickerAnalysis t, DateOnly today) =>
        t.Indicators.TryGetValue("best_ask", out var ask) && ask > 0 && KrxRules.IsOnTick(ask, date: today) ? ask : KrxRules.FloorToTick(t.Price, date: today);

    /// <summary>A sell's limit price: the best bid of the last tick when the analysis has it (a sell there executes),
    /// else the last price floored to the tick grid.</summary>
    private static decimal ExitPrice(TickerAnalysis t, DateOnly today) =>
        t.Indicators.TryGetValue("best_bid", out var bid) && bid > 0 && KrxRules.IsOnTick(bid, date: today) ? bid : KrxRules.FloorToTick(t.Price, date: today);

    private (string Reason, bool StopLoss)? SellReason(Position p, TickerAnalysis t)
    {
        var pnl = p.AveragePrice > 0 ? Math.Round((t.Price / p.AveragePrice - 1m) * 100m, 2) : 0m;
        if (p.AveragePrice > 0 && pnl <= _o.StopLossPercent)
            return ($"Rule stop_loss: price {Money(t.Price)} is {Pct(pnl)}% from average {Money(p.AveragePrice)} (limit {_o.StopLossPercent}%): sold at market.", true);
        if (p.AveragePrice > 0 && pnl >= _o.TakeProfitPercent)
            return ($"Rule take_profit: price {Money(t.Price)} is +{Pct(pnl)}% over average {Money(p.AveragePrice)} (target {_o.TakeProfitPercent}%).", false);
        if (t.Indicators.TryGetValue("rsi14", out var rsi) && rsi > _o.OverboughtRsi)
            return ($"Rule overbought: RSI(14) {rsi} > {_o.OverboughtRsi}; P&L {Pct(pnl)}%.", false);
        return null;
    }

    /// <summary>Whether one of the buy rules fires for <paramref name="t"/>, before holdings, weights, cash and the ML gate
    /// (the rules engine's signal as a classifier, the ML training's baseline).</summary>
    public bool WouldBuy(TickerAnalysis t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return BuySignal(t) is not null;
    }

    private (decimal Strength, string Reason, decimal Confidence)? BuySignal(TickerAnalysis t)
    {
        var ind = t.Indicators;
        // RSI is read only once a rule's cheaper conditions hold (a backtest computes it on first read); reads have no
        // side effects, so the order of the conditions does not change which rule fires.
        var rsi = 0m;
        bool? known = null;
        bool HasRsi() => known ??= ind.TryGetValue("rsi14", out rsi);
        if (ind.TryGetValue("sma60", out var sma60) && t.Price > sma60 && HasRsi() && rsi < _o.OversoldRsi)
            return (3m + (_o.OversoldRsi - rsi) / 10m,
                $"Rule oversold_uptrend: RSI(14) {rsi} < {_o.OversoldRsi} with price {Money(t.Price)} > SMA60 {Money(sma60)}.", 0.65m);
        if (t.VolumeSurgeRatio >= _o.VolumeSurgeRatio && t.ChangeRatePercent >= _o.MomentumMinChangePercent
            && t.ChangeRatePercent < _o.MomentumMaxChangePercent && (!HasRsi() || rsi < _o.BreakoutMaxRsi))
            return (2m + t.VolumeSurgeRatio / 10m,
                $"Rule volume_surge: volume {t.VolumeSurgeRatio}x normal with price up {t.ChangeRatePercent}%{(HasRsi() ? $", RSI(14) {rsi}" : "")}.", 0.6m);
        if (ind.TryGetValue("high_20d", out var high) && t.Price > high && ind.TryGetValue("sma20", out var sma20) && t.Price > sma20
            && t.ChangeRatePercent > 0 && t.ChangeRatePercent < _o.MomentumMaxChangePercent && (!HasRsi() || rsi < _o.BreakoutMaxRsi))
            return (1m + (t.Price / high - 1m) * 10m,
                $"Rule breakout: price {Money(t.Price)} > 20-day high {Money(high)} and SMA20 {Money(sma20)}, up {t.ChangeRatePercent}%{(HasRsi() ? $", RSI(14) {rsi}" : "")}.", 0.6m);
        if (t.ChangeRatePercent > 0 && t.ChangeRatePercent < _o.MomentumMaxChangePercent
            && ind.TryGetValue("sma20", out var s20) && ind.TryGetValue("sma60", out var s60) && t.Price > s20 && s20 > s60
            && HasRsi() && rsi >= _o.TrendMinRsi && rsi <= _o.TrendMaxRsi
            && ind.TryGetValue("macd", out var macd) && ind.TryGetValue("macd_signal", out var signal) && macd > signal)
            return (0.5m + t.ChangeRatePercent / 100m,
                $"Rule trend_momentum: price {Money(t.Price)} > SMA20 {Money(s20)} > SMA60 {Money(s60)}, MACD {macd} > signal {signal}, RSI(14) {rsi}, up {t.ChangeRatePercent}%.", 0.6m);
        return null;
    }

    private static string Pct(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Money(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
