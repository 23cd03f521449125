using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// One backtest's clock, market data and broker over the sessions from <see cref="From"/> to <see cref="To"/>, and the
/// loop that steps them: for each session the clock goes to the open (a strategy's decisions), optionally to half an
/// hour before the close (orders that should meet the closing price), then to the close, where the broker settles the
/// day and the equity is marked. Whatever drives it (buy-and-hold, the operational graph) sees only the ports.
/// </summary>
public sealed class BacktestSession
{
    private BacktestSession(BarHistory history, DateOnly from, DateOnly to, KrxCalendar calendar, SimulatedBrokerOptions options)
    {
        History = history;
        Calendar = calendar;
        Clock = new BacktestClock(KoreaTime.StartOfDay(KrxCalendar.OpenOn(from)), calendar);
        Sessions = [.. Clock.Sessions(from, to)];
        if (Sessions.Count == 0) throw new ArgumentException($"No trading day between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}.", nameof(to));
        From = from;
        To = to;
        // The book quotes the spread the broker fills with, so a limit priced at the best ask pays the slippage.
        Market = new HistoricalMarketData(history, Clock, calendar, options.Slippage);
        Broker = new SimulatedBroker(history, Clock, calendar, options);
    }

    public static BacktestSession Create(BarHistory history, DateOnly from, DateOnly to, KrxCalendar calendar, SimulatedBrokerOptions? options = null) =>
        new(history, from, to, calendar, options ?? new SimulatedBrokerOptions());

    public BarHistory History { get; }
    public KrxCalendar Calendar { get; }
    public BacktestClock Clock { get; }
    public HistoricalMarketData Market { get; }
    public SimulatedBroker Broker { get; }
    public DateOnly From { get; }
    public DateOnly To { get; }
    public IReadOnlyList<DateOnly> Sessions { get; }

    /// <summary>Steps every session: <paramref name="atOpen"/> at 09:00, <paramref name="beforeClose"/> at 15:00,
    /// <paramref name="atClose"/> at 15:30 after the broker has closed the day, then the day's equity mark.</summary>
    public async Task<BacktestResult> RunAsync(
        Func<DateOnly, CancellationToken, Task>? atOpen,
        Func<DateOnly, CancellationToken, Task>? beforeClose = null,
        Func<DateOnly, CancellationToken, Task>? atClose = null,
        double riskFreeRate = 0d,
        CancellationToken ct = default)
    {
        var equity = new List<EquityPoint>();
        foreach (var day in Sessions)
        {
            ct.ThrowIfCancellationRequested();
            Clock.AdvanceTo(KrxCalendar.OpenOn(day));
            if (atOpen is not null) await atOpen(day, ct);
            if (beforeClose is not null)
            {
                Clock.AdvanceTo(KrxCalendar.CloseOn(day).AddMinutes(-30));
                await beforeClose(day, ct);
            }
            Clock.AdvanceTo(KrxCalendar.CloseOn(day));
            Broker.Sync();
            if (atClose is not null) await atClose(day, ct);
            var (value, securities) = Broker.Valuation();
            equity.Add(new EquityPoint(day, value, securities));
        }
        return await ResultAsync(equity, riskFreeRate, ct);
    }

    /// <summary>Minute resolution: steps every minute of every session (09:00 to 15:30 KST), the broker filling the open
    /// orders against each minute bar as it ends; <paramref name="atCadence"/> at 09:00 + N, + 2N, … minutes before the
    /// close (the first run has seen N minutes of the session); <paramref name="atClose"/> at 15:30 after the broker has
    /// closed the day, then the day's equity mark.</summary>
    public async Task<BacktestResult> RunMinutesAsync(
        int cadenceMinutes,
        Func<DateOnly, CancellationToken, Task>? atCadence,
        Func<DateOnly, CancellationToken, Task>? atClose = null,
        double riskFreeRate = 0d,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cadenceMinutes, 1);
        var equity = new List<EquityPoint>();
        foreach (var day in Sessions)
        {
            ct.ThrowIfCancellationRequested();
            var open = KrxCalendar.OpenOn(day);
            var close = KrxCalendar.CloseOn(day);
            var minute = 0;
            for (var t = open; t < close; t = t.AddMinutes(1), minute++)
            {
                Clock.AdvanceTo(t);
                Broker.Sync();
                if (minute > 0 && minute % cadenceMinutes == 0 && atCadence is not null) await atCadence(day, ct);
            }
            Clock.AdvanceTo(close);
            Broker.Sync();
            if (atClose is not null) await atClose(day, ct);
            var (value, securities) = Broker.Valuation();
            equity.Add(new EquityPoint(day, value, securities));
        }
        return await ResultAsync(equity, riskFreeRate, ct);
    }

    private async Task<BacktestResult> ResultAsync(List<EquityPoint> equity, double riskFreeRate, CancellationToken ct)
    {
        var fills = Broker.Fills;
        var balance = await Broker.GetBalanceAsync(ct);
        return new BacktestResult(equity, Broker.Orders, fills, balance.Cash, balance.CashD2,
            BacktestMetrics.Compute(Broker.Options.InitialCash, equity, fills, riskFreeRate));
    }
}
