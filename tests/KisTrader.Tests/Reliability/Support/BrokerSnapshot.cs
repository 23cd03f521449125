using KisTrader.Core.Market;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>The broker's side: every order row and holding of the simulator (GET /sim/control/orders).</summary>
internal sealed record BrokerSnapshot(List<BrokerOrderRow> Orders, List<BrokerHolding> Holdings)
{
    /// <summary>Orders as placed (amendments and cancel rows are the app's cancels of them, not orders of their own).</summary>
    public IEnumerable<BrokerOrderRow> NewOrders => Orders.Where(o => o.Kind == "New");

    public Dictionary<string, long> HoldingsByCode() =>
        Holdings.GroupBy(h => h.Code).ToDictionary(g => g.Key, g => g.Sum(h => h.Quantity), StringComparer.Ordinal);
}

internal sealed record BrokerOrderRow(
    string OrderNo, string OrgNo, string OriginalOrderNo, string Kind, string Account, string Code, string Side, string Division,
    long Quantity, decimal Price, string Date, string Time, long FilledQuantity, decimal FilledAmount, long CancelledQuantity, long RejectedQuantity)
{
    /// <summary>When the exchange took the order (KST date and HHmmss, whole seconds) as a UTC instant.</summary>
    public DateTime PlacedAtUtc =>
        new DateTimeOffset(DateOnly.Parse(Date, System.Globalization.CultureInfo.InvariantCulture)
            .ToDateTime(TimeOnly.ParseExact(Time, "HHmmss", System.Globalization.CultureInfo.InvariantCulture)), KoreaTime.Offset).UtcDateTime;

    public string NormalizedNo => Normalize(OrderNo);

    public static string Normalize(string no) => no.TrimStart('0') is { Length: > 0 } n ? n : "0";
}

internal sealed record BrokerHolding(string Account, string Code, long Quantity);
