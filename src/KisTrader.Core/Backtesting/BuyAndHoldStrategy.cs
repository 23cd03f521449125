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

    public Task<BacktestResult> RunAsync(BarHistory history, DateOnly from, DateOnly to, KrxCalendar calendar,
        SimulatedBrokerOptions? brokerOptions = null, CancellationToken ct = default) =>
        RunAsync(BacktestSession.Create(history, from, to, calendar, brokerOptions), ct);

    public Task<BacktestResult> RunAsync(BacktestSession session, CancellationToken ct = default) => RunAsync(session, null, ct);

    /// <summary>Runs over <paramref name="session"/>, calling <paramref name="afterClose"/> after each session's close.</summary>
    public Task<BacktestResult> RunAsync(BacktestSession session, Action<DateOnly>? afterClose, CancellationToken ct = default)
    {
        var broker = session.Broker;
        var tickers = session.History.Tickers;
        var budget = Math.Floor(broker.Options.InitialCash / tickers.Count);
        return session.RunAsync(
            atOpen: async (day, token) =>
            {
                // At 09:00 the quote is the open: that is what the whole-share quantity is sized on.
                if (day != session.Sessions[0]) return;
                foreach (var ticker in tickers) await BuyAsync(session.Market, broker, ticker, budget, day, token);
            },
            beforeClose: _options.LiquidateAtEnd
                ? async (day, token) =>
                {
                    // After the open an order can only meet the closing price.
                    if (day != session.Sessions[^1]) return;
                    foreach (var ticker in tickers)
                    {
                        var sellable = (await broker.GetSellableQuantityAsync(ticker, token)).Quantity;
                        if (sellable > 0) await Checked(broker.PlaceAsync(new OrderRequest(ticker, Side.Sell, OrderPriceType.Market, sellable, null), token), ticker);
                    }
                }
                : null,
            atClose: afterClose is null ? null : (day, _) =>
            {
                afterClose(day);
                return Task.CompletedTask;
            },
            riskFreeRate: _options.RiskFreeRate,
            ct: ct);
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
