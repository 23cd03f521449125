using KisTrader.Core.Orders;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식정정취소가능주문조회 inquire_psbl_rvsecncl, TTTC0084R, real only (§4.15): paged, up to 50 rows.</summary>
internal static class InquirePsblRvseCnclDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-psbl-rvsecncl";

    public static KisRequest Request(string trId, string cano, string productCode) =>
        KisRequest.Get(Path, trId,
            ("CANO", cano),
            ("ACNT_PRDT_CD", productCode),
            ("CTX_AREA_FK100", ""),
            ("CTX_AREA_NK100", ""),
            ("INQR_DVSN_1", "0"),
            ("INQR_DVSN_2", "0"));

    public static IReadOnlyList<OpenOrder> Parse(IEnumerable<KisResponse> pages) =>
        pages.SelectMany(p => p.Rows("output"))
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("odno")))
            .Select(r => new OpenOrder(
                new BrokerOrderId(r.OptionalString("ord_gno_brno") ?? "", r.String("odno")),
                r.String("pdno"),
                OrderCodes.SideOf(r.String("sll_buy_dvsn_cd"), null, "sll_buy_dvsn_cd"),
                r.Long("ord_qty"),
                r.DecimalOrZero("ord_unpr"),
                r.LongOrZero("tot_ccld_qty"),
                r.Long("psbl_qty"),
                r.Time("ord_tmd")))
            .ToList();
}
