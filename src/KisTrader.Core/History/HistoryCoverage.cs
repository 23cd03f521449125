namespace KisTrader.Core.History;

/// <summary>What the store holds for one ticker at one resolution: its first and last bar start (KST), how many bars,
/// and when the latest of them was collected.</summary>
public sealed record HistoryCoverage(string Ticker, BarResolution Resolution, DateTimeOffset First, DateTimeOffset Last, long Count,
    DateTimeOffset LastCollectedAt)
{
    public DateOnly FirstDate => Market.KrxCalendar.KstDate(First);
    public DateOnly LastDate => Market.KrxCalendar.KstDate(Last);
}
