using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>매수가능조회 inquire_psbl_order, TTTC8908R / VTTC8908R (§4.7).</summary>
internal static class InquirePsblOrderDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-psbl-order";

    /// <remarks>KIS advises querying with the ORD_DVSN you will use; market (01) applies the stock's margin rate.</remarks>
    public static KisRequest Request(string trId, string cano, string productCode, string? ticker, OrderPriceType type, decimal? price) =>
        KisRequest.Get(Path, trId,
            ("CANO", cano),
            ("ACNT_PRDT_CD", productCode),
            ("PDNO", ticker ?? ""),
            ("ORD_UNPR", price is { } p && OrderCodes.NeedsPrice(type) ? OrderCodes.Number(p) : ""),
            ("ORD_DVSN", OrderCodes.OrderDivision(type)),
            ("CMA_EVLU_AMT_ICLD_YN", "N"),
            ("OVRS_ICLD_YN", "N"));

    public static BuyingPower Parse(KisResponse response)
    {
        var o = response.Object("output");
        return new BuyingPower(
            OrderableCash: o.Decimal("ord_psbl_cash"),
            NoCreditBuyAmount: o.Decimal("nrcvb_buy_amt"),
            NoCreditBuyQuantity: o.Long("nrcvb_buy_qty"),
            MaxBuyAmount: o.Decimal("max_buy_amt"),
            MaxBuyQuantity: o.Long("max_buy_qty"));
    }
}
