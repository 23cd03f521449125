using System.Globalization;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;

namespace KisTrader.Kis.Dto;

/// <summary>ORD_DVSN codes and number formats shared by the order and buying-power TRs (§4.9).</summary>
internal static class OrderCodes
{
    public static string OrderDivision(OrderPriceType type) => type switch
    {
        OrderPriceType.Limit => "00",
        OrderPriceType.Market => "01",
        OrderPriceType.ConditionalLimit => "02",
        OrderPriceType.BestLimit => "03",
        OrderPriceType.PriorityLimit => "04",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown order type."),
    };

    /// <summary>Limit and conditional-limit orders carry a price; the market-type ones send "0".</summary>
    public static bool NeedsPrice(OrderPriceType type) => type is OrderPriceType.Limit or OrderPriceType.ConditionalLimit;

    /// <summary>KIS wants every number as a string (§3.1); prices are whole won.</summary>
    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>sll_buy_dvsn_cd: 01 sell, 02 buy.</summary>
    public static Side SideOf(string code, string? trId, string field) => code switch
    {
        "01" => Side.Sell,
        "02" => Side.Buy,
        _ => throw new KisResponseFormatException(trId, field, "is neither 01 (sell) nor 02 (buy)"),
    };
}
