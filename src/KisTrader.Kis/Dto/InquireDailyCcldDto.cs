using KisTrader.Core.Orders;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식일별주문체결조회 inquire_daily_ccld (§4.11): paged (real 100, paper 15 rows); a separate TR for orders older than three months.</summary>
internal static class InquireDailyCcldDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld";

    public static KisRequest Request(string trId, string cano, string productCode, DateOnly from, DateOnly to, OrderFillFilter filter, string? ticker = null) =>
        KisRequest.Get(Path, trId,
            ("CANO", cano),
            ("ACNT_PRDT_CD", productCode),
            ("INQR_STRT_DT", from.ToString("yyyyMMdd")),
            ("INQR_END_DT", to.ToString("yyyyMMdd")),
            ("SLL_BUY_DVSN_CD", "00"),
            ("INQR_DVSN", "01"), // chronological
            ("PDNO", ticker ?? ""),
            ("CCLD_DVSN", filter switch
            {
                OrderFillFilter.Filled => "01",
                OrderFillFilter.Unfilled => "02",
                _ => "00",
            }),
            ("ORD_GNO_BRNO", ""),
            ("ODNO", ""),
            ("INQR_DVSN_3", "00"),
            ("INQR_DVSN_1", ""),
            // §4.11 lists the venue among the inputs (paper: KRX only); real reads every venue so reconciliation sees all orders.
            ("EXCG_ID_DVSN_CD", trId.StartsWith('V') ? "KRX" : "ALL"),
            ("CTX_AREA_FK100", ""),
            ("CTX_AREA_NK100", ""));

    public static IReadOnlyList<BrokerOrder> Parse(IEnumerable<KisResponse> pages) =>
        pages.SelectMany(p => p.Rows("output1"))
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("odno")))
            .Select(ParseRow)
            .ToList();

    public static BrokerOrder ParseRow(KisRow r)
    {
        var quantity = r.Long("ord_qty");
        var filled = r.Long("tot_ccld_qty");
        var cancelledQty = r.LongOrZero("cncl_cfrm_qty");
        var rejected = r.LongOrZero("rjct_qty");
        // rmn_qty is the remainder; derive it when KIS leaves it out.
        var remaining = r.Has("rmn_qty") ? r.LongOrZero("rmn_qty") : Math.Max(0, quantity - filled - cancelledQty - rejected);
        var original = r.OptionalString("orgn_odno");
        return new BrokerOrder(
            OrderDate: r.Date("ord_dt"),
            OrderTime: r.Time("ord_tmd"),
            BranchNo: r.OptionalString("ord_gno_brno") ?? "",
            OrderNo: r.String("odno"),
            OriginalOrderNo: string.IsNullOrEmpty(original) || original.Trim('0').Length == 0 ? null : original,
            Ticker: r.String("pdno"),
            Name: r.OptionalString("prdt_name") ?? "",
            Side: OrderCodes.SideOf(r.String("sll_buy_dvsn_cd"), null, "sll_buy_dvsn_cd"),
            OrderTypeCode: r.OptionalString("ord_dvsn_cd") ?? "",
            Quantity: quantity,
            Price: r.DecimalOrZero("ord_unpr"),
            FilledQuantity: filled,
            AverageFillPrice: r.DecimalOrZero("avg_prvs"),
            FilledAmount: r.DecimalOrZero("tot_ccld_amt"),
            RemainingQuantity: remaining,
            RejectedQuantity: rejected,
            Cancelled: r.OptionalString("cncl_yn") == "Y");
    }
}
