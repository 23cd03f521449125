namespace KisTrader.Data.Entities;

/// <summary>Row of <c>trades</c>: the columns the mission asks for, and when the order was created.</summary>
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
    /// <summary>UTC; null on rows recorded before the column existed (added last, as the migration appends it).</summary>
    public DateTime? OrderedAt { get; set; }
    /// <summary>The ML signal's probability at the decision and the model that gave it (added last, as the migration
    /// appends them); null when no model scored the ticker or on older rows.</summary>
    public decimal? MlProbability { get; set; }
    public string? MlModelVersion { get; set; }
}
