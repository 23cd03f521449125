namespace KisTrader.Data.Entities;

/// <summary>Row of <c>fills</c>: one execution (partial or full) of an order.</summary>
public sealed class FillEntity
{
    public long FillId { get; set; }
    public string OrderId { get; set; } = "";
    /// <summary>Unique per execution whatever channel reported it (notice feed or polling), so a fill is never counted twice.</summary>
    public string ExecutionKey { get; set; } = "";
    public long Quantity { get; set; }
    public decimal Price { get; set; }
    public DateTime FilledAt { get; set; }
    public string Source { get; set; } = "";
    public OrderEntity? Order { get; set; }
}
