namespace KisTrader.Core.Market;

/// <summary>A snapshot of one instrument's price for the current trading day (KIS inquire_price).</summary>
public sealed record Quote(
    string Ticker,
    string? Name,
    decimal Price,
    decimal Change,
    decimal ChangeRatePercent,
    decimal Open,
    decimal High,
    decimal Low,
    long Volume,
    decimal TradeValue,
    decimal BasePrice,
    decimal UpperLimit,
    decimal LowerLimit,
    decimal TickSize,
    DateTimeOffset Time);

/// <summary>One recent execution of the instrument in the market (KIS inquire_ccnl rows).</summary>
public sealed record RecentTrade(TimeOnly Time, decimal Price, decimal Change, long Volume, decimal TradeIntensity);
