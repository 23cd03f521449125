using KisTrader.Core.Exchange;

namespace KisTrader.Simulator.Market;

/// <summary>One trade on the tape, with the day's running totals right after it (what H0STCNT0 reports).</summary>
public sealed record TradePrint(string Code, DateTimeOffset Time, decimal Price, long Quantity, Side Aggressor, long AccumulatedVolume, decimal AccumulatedAmount, decimal Strength);

/// <summary>One minute of today's trading (KST minute start).</summary>
public sealed class MinuteBar(DateTimeOffset start, decimal price)
{
    public DateTimeOffset Start { get; } = start;
    public decimal Open { get; set; } = price;
    public decimal High { get; set; } = price;
    public decimal Low { get; set; } = price;
    public decimal Close { get; set; } = price;
    public long Volume { get; set; }
    public decimal AccumulatedAmount { get; set; }
}
