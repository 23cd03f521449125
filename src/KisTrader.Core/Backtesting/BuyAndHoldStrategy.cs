using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Backtesting;

/// <summary>What a backtest produced: the closes, every order and fill, the account at the end, and the metrics.</summary>
public sealed record BacktestResult(
    IReadOnlyList<EquityPoint> Equity,
    IReadOnlyList<SimulatedOrder> Orders,
    IReadOnlyList<BacktestFill> Fills,
    decimal Cash,
    decimal CashD2,
    BacktestMetrics Metrics);

public sealed record BuyAndHoldOptions
{
    /// <summary>Ticks above the open the limit buy is placed at, to leave room for the slippage model (0: at the open).</summary>
    public int LimitTicks { get; init; }
    /// <summary>Sell everything at the last session's close (market orders after the open), so the run's costs include the
    /// sell tax of that date. Off: the holdings are only marked at each close.</summary>
    public bool LiquidateAtEnd { get; init; }
    public double RiskFreeRate { get; init; }
}

/// <summary>
/// The buy-and-hold benchmark: the starting cash split equally between the instruments, each bought at the first
/// session's open with a limit order at the open (whole shares, on the tick grid, the most whose cost with commission
/// fits its share), held to the end and marked at each close. An instrument without a bar on the first session is left
/// in cash. It trades through the same simulated broker as any strategy, so every cost and rule applies.
/// </summary>
public sealed class BuyAndHoldStrategy(BuyAndHoldOptions? options = null)
{
    private readonly BuyAndHoldOptions _options = options ?? new BuyAndHoldOptions();

    public async Task<BacktestResult> RunAsync(BarHistory history, DateOnly from, DateOnly to, KrxCalendar calendar,
        SimulatedBrokerOptions? brokerOptions = null, CancellationToken ct = default)
    {
        var clock = new BacktestClock(KoreaTime.StartOfDay(KrxCalendar.OpenOn(from)), calendar);
        var sessions = clock.Sessions(from, to).ToList();
        if (sessions.Count == 0) throw new ArgumentException($"No trading day between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}.", nameof(to));
        var market = new HistoricalMarketData(history, clock, calendar);
        var broker = new SimulatedBroker(history, clock, calendar, brokerOptions);
        var tickers = history.Tickers;
        var budget = Math.Floor(broker.Options.InitialCash / tickers.Count);
        var equity = new List<EquityPoint>();

        foreach (var day in sessions)
        {
            ct.ThrowIfCancellationRequested();
            if (day == sessions[0])
            {
                // At 09:00 the quote is the open: that is what the whole-share quantity is sized on.
                clock.AdvanceTo(KrxCalendar.OpenOn(day));
                foreach (var ticker in tickers)
                    await BuyAsync(market, broker, ticker, budget, day, ct);
            }
            if (day == sessions[^1] && _options.LiquidateAtEnd)
            {
                // After the open an order can only meet the closing price.
                clock.AdvanceTo(KrxCalendar.CloseOn(day).AddMinutes(-30));
                foreach (var ticker in tickers)
                {
                    var sellable = (await broker.GetSellableQuantityAsync(ticker, ct)).Quantity;
                    if (sellable > 0) await Checked(broker.PlaceAsync(new OrderRequest(ticker, Side.Sell, OrderPriceType.Market, sellable, null), ct), ticker);
                }
            }
            clock.AdvanceTo(KrxCalendar.CloseOn(day));
            equity.Add(new EquityPoint(day, broker.Equity(), broker.SecuritiesValue()));
        }

        var fills = broker.Fills;
        var balance = await broker.GetBalanceAsync(ct);
        return new BacktestResult(equity, broker.Orders, fills, balance.Cash, balance.CashD2,
            BacktestMetrics.Compute(broker.Options.InitialCash, equity, fills, _options.RiskFreeRate));
    }

    private async Task BuyAsync(HistoricalMarketData market, SimulatedBroker broker, string ticker, decimal budget, DateOnly day, CancellationToken ct)
    {
        var quote = await market.GetQuoteAsync(ticker, ct);
        if (quote.Open <= 0) return; // no bar today: the share stays in cash
        var instrument = market.History.Instrument(ticker);
        var limit = KrxRules.StepTicks(KrxRules.CeilingToTick(quote.Open, instrument.Market, instrument.Kind, day), _options.LimitTicks,
            instrument.Market, instrument.Kind, day);
        limit = Math.Min(limit, quote.UpperLimit);
        var costs = broker.Options.Costs;
        var quantity = (long)Math.Floor(budget / (limit * (1m + costs.CommissionRate)));
        while (quantity > 0 && quantity * limit + costs.Commission(quantity * limit) > budget) quantity--;
        if (quantity <= 0) return;
        await Checked(broker.PlaceAsync(new OrderRequest(ticker, Side.Buy, OrderPriceType.Limit, quantity, limit), ct), ticker);
    }

    private static async Task Checked(Task<OrderSubmission> submission, string ticker)
    {
        var result = await submission;
        if (result.Status != SubmissionStatus.Accepted)
            throw new InvalidOperationException($"Buy-and-hold: the simulated broker refused the order for {ticker}: {result.Code} {result.Message}");
    }
}
