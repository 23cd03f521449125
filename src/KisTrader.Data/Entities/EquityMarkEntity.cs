namespace KisTrader.Data.Entities;

/// <summary>Row of <c>equity_marks</c>: equity at the first observation of a trading day (KST date).</summary>
public sealed class EquityMarkEntity
{
    public DateOnly Date { get; set; }
    public decimal Equity { get; set; }
    public DateTime RecordedAt { get; set; }
}
