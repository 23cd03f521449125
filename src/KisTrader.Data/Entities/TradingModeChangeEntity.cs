namespace KisTrader.Data.Entities;

/// <summary>Row of <c>trading_mode_changes</c>: the history of the kill switch; the latest row is the current mode.</summary>
public sealed class TradingModeChangeEntity
{
    public long Id { get; set; }
    public string Mode { get; set; } = "";
    public string Reason { get; set; } = "";
    public string ChangedBy { get; set; } = "";
    public DateTime ChangedAt { get; set; }
}
