using KisTrader.Core.Exchange;

namespace KisTrader.Core.Backtesting;

/// <summary>One execution in a backtest, with what it cost. <see cref="SettlesOn"/> is the T+2 day its cash moves.</summary>
public sealed record BacktestFill(
    long Sequence,
    string OrderNo,
    string Ticker,
    Side Side,
    DateTimeOffset Time,
    decimal Price,
    long Quantity,
    decimal Commission,
    decimal Tax,
    DateOnly SettlesOn)
{
    public decimal Amount => Price * Quantity;

    public DateOnly Date => Market.KrxCalendar.KstDate(Time);

    /// <summary>The cash this fill moves at settlement: a buy pays amount + commission, a sell receives amount − commission − tax.</summary>
    public decimal CashFlow => Side == Side.Buy ? -(Amount + Commission) : Amount - Commission - Tax;
}
