namespace KisTrader.Data.Entities;

/// <summary>Row of <c>trades</c>: exactly the columns the mission asks for.</summary>
public sealed class TradeEntity
{
    public string TradeId { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime Timestamp { get; set; }
    public string Ticker { get; set; } = "";
    public string Action { get; set; } = "";
    public long Quantity { get; set; }
    public decimal Price { get; set; }
    public string JustificationText { get; set; } = "";
    public string MarketSnapshot { get; set; } = "{}";
    public string PortfolioBefore { get; set; } = "{}";
    public decimal? Pnl7Days { get; set; }
    public decimal? Pnl30Days { get; set; }
}
