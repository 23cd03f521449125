namespace KisTrader.Core.Reflection;

/// <summary>A bought lot matched (FIFO, per ticker) with the sell that closed it; a buy closed by several sells, or a
/// sell closing several buys, makes one round trip per matched piece. Money in KRW; NetPnl is after the commission on
/// both legs and the sell tax, the cost of each leg shared pro rata by quantity.</summary>
public sealed record RoundTrip(
    string Ticker,
    string BuyTradeId,
    string SellTradeId,
    long Quantity,
    decimal EntryPrice,
    decimal ExitPrice,
    DateTimeOffset EntryAt,
    DateTimeOffset ExitAt,
    decimal GrossPnl,
    decimal Costs,
    decimal NetPnl,
    // NetPnl over the entry value, in percent.
    decimal ReturnPercent)
{
    public bool IsWin => NetPnl > 0m;
}

/// <summary>A trade with the justification and snapshot a person reads next to its result.</summary>
public sealed record TradeHighlight(
    string TradeId,
    string Ticker,
    string Action,
    DateTimeOffset Timestamp,
    long Quantity,
    decimal Price,
    decimal NetPnl,
    decimal ReturnPercent,
    string Justification,
    string MarketSnapshot);
