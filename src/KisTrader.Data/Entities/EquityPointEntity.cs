namespace KisTrader.Data.Entities;

/// <summary>Row of <c>equity_points</c>: the equity a run read from the broker's balance.</summary>
public sealed class EquityPointEntity
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public decimal Equity { get; set; }
    public string? RunId { get; set; }
}
