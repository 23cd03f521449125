namespace KisTrader.Core.Market;

public enum BarPeriod
{
    Minute,
    Day,
    Week,
    Month,
    Year,
}

/// <summary>One OHLCV bar. <see cref="Time"/> is the start of the bar in KST (midnight for daily and longer bars).</summary>
public sealed record Bar(DateTimeOffset Time, decimal Open, decimal High, decimal Low, decimal Close, long Volume, decimal TradeValue)
{
    public DateOnly Date => DateOnly.FromDateTime(Time.ToKst().DateTime);
}
