using KisTrader.Core.Exchange;

namespace KisTrader.Core.Market;

/// <summary>One realtime execution in the market (KIS H0STCNT0), with the day's running totals. A value (~200 B): the
/// live feed decodes one per record and hands it on without a heap allocation (issue 18 goal 1, docs/decisions.md);
/// pass it on by value or <c>in</c>, and keep what you need of it rather than the tick. <c>default</c> has a null
/// <see cref="Ticker"/>: never a tick the feed produced.</summary>
public readonly record struct Tick(
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
