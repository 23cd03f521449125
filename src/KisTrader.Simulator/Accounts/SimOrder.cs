using KisTrader.Core.Exchange;

namespace KisTrader.Simulator.Accounts;

public enum SimOrderKind
{
    New,
    /// <summary>An amendment (정정): a new order number carrying the amended quantity at the new price.</summary>
    Amend,
    /// <summary>A cancellation (취소) row: it never trades; Quantity is what it cancelled.</summary>
    Cancel,
}

/// <summary>One order row as inquire_daily_ccld shows it.</summary>
public sealed class SimOrder
{
    public string Odno { get; set; } = "";
    public string OrgNo { get; set; } = "";
    public string OriginalOdno { get; set; } = "";
    public SimOrderKind Kind { get; set; }
    public string AccountKey { get; set; } = "";
    public string Code { get; set; } = "";
    public Side Side { get; set; }
    /// <summary>ORD_DVSN as sent (00 limit, 01 market, …).</summary>
    public string OrderDivision { get; set; } = "00";
    public long Quantity { get; set; }
    /// <summary>ORD_UNPR as sent (0 for market-type orders).</summary>
    public decimal Price { get; set; }
    /// <summary>Price used to reserve cash for a buy (the limit, or the upper limit for market-type orders).</summary>
    public decimal ReservePrice { get; set; }
    public DateOnly Date { get; set; }
    public string Time { get; set; } = "000000";
    public long FilledQuantity { get; set; }
    public decimal FilledAmount { get; set; }
    public long CancelledQuantity { get; set; }
    public long RejectedQuantity { get; set; }
    public string RejectMessage { get; set; } = "";
    public decimal Fee { get; set; }
    public decimal Tax { get; set; }

    /// <summary>Quantity still open on the book.</summary>
    public long Remaining => Kind == SimOrderKind.Cancel ? 0 : Math.Max(0, Quantity - FilledQuantity - CancelledQuantity - RejectedQuantity);
    public decimal AverageFillPrice => FilledQuantity == 0 ? 0 : Math.Round(FilledAmount / FilledQuantity, 4);
}

public sealed record SimFill(string Odno, string AccountKey, string Code, Side Side, decimal Price, long Quantity, DateTimeOffset Time, decimal Fee, decimal Tax);
