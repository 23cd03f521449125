namespace KisTrader.Data.Entities;

/// <summary>Row of <c>history_instruments</c>: an instrument's market ("KOSPI", "KOSDAQ", "KONEX"), where it came from,
/// when (Unix milliseconds).</summary>
public sealed class HistoryInstrumentEntity
{
    public string Ticker { get; set; } = "";
    public string Market { get; set; } = "";
    public string Source { get; set; } = "";
    public long UpdatedAtMs { get; set; }
}
