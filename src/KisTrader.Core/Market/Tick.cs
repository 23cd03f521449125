using KisTrader.Core.Exchange;

namespace KisTrader.Core.Market;

/// <summary>One realtime execution in the market (KIS H0STCNT0), with the day's running totals.</summary>
public sealed record Tick(
    string Ticker,
    DateTimeOffset Time,
    decimal Price,
    decimal Change,
    decimal ChangeRatePercent,
    decimal Open,
    decimal High,
    decimal Low,
    long Volume,
    long CumulativeVolume,
    decimal CumulativeValue,
    decimal BestAsk,
    decimal BestBid,
    decimal TradeIntensity,
    Side? Aggressor,
    bool Halted);
