namespace KisTrader.Data.Entities;

/// <summary>Row of <c>history_bars</c>. Stored as integers for the backtester's bulk read: prices in hundredths (KRW × 100,
/// or index points × 100), <see cref="KstTime"/> as the KST start yyyyMMddHHmm (daily bars: HHmm = 0000), traded value
/// in whole won, <see cref="CollectedAtMs"/> in Unix milliseconds. <see cref="Stores.HistoryRows"/> converts.</summary>
public sealed class HistoryBarEntity
{
    public string Ticker { get; set; } = "";
    public int Resolution { get; set; }
    public long KstTime { get; set; }
    public long Open { get; set; }
    public long High { get; set; }
    public long Low { get; set; }
    public long Close { get; set; }
    public long AdjOpen { get; set; }
    public long AdjHigh { get; set; }
    public long AdjLow { get; set; }
    public long AdjClose { get; set; }
    public long Volume { get; set; }
    public long TradedValue { get; set; }
    public string Source { get; set; } = "";
    public long CollectedAtMs { get; set; }
}
