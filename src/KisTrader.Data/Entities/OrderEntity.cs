namespace KisTrader.Data.Entities;

/// <summary>
/// Row of the <c>orders</c> ledger. Written before an order is sent (status Intent) so a crash
/// between sending and hearing back never loses it; reconciliation matches it to the broker's list.
/// </summary>
public sealed class OrderEntity
{
    /// <summary>Our client order id, assigned before sending.</summary>
    public string OrderId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string Ticker { get; set; } = "";
    public string Side { get; set; } = "";
    public long Quantity { get; set; }
    public string OrderType { get; set; } = "";
    public decimal? LimitPrice { get; set; }
    public string Status { get; set; } = "";
    public string? BrokerOrderNo { get; set; }
    public string? BrokerOrgNo { get; set; }
    public long FilledQuantity { get; set; }
    public decimal? AverageFillPrice { get; set; }
    public string? RunId { get; set; }
    public string? TradeId { get; set; }
    public string? Justification { get; set; }
    public string? LastError { get; set; }
    /// <summary>JSON of <see cref="KisTrader.Core.Execution.OrderContext"/>: what the order was decided on. Null for
    /// orders written before issue 15 and for orders placed without a plan.</summary>
    public string? Context { get; set; }
    public List<FillEntity> Fills { get; set; } = [];
}
