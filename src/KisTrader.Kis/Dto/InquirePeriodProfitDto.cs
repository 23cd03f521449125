using KisTrader.Core.Portfolio;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>기간별손익일별합산조회 inquire_period_profit, TTTC8708R, real only (§4.12): one row per trading day, paged.</summary>
internal static class InquirePeriodProfitDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-period-profit";

    public static KisRequest Request(string trId, string cano, string productCode, DateOnly from, DateOnly to) =>
        KisRequest.Get(Path, trId,
            ("CANO", cano),
            ("ACNT_PRDT_CD", productCode),
            ("INQR_STRT_DT", from.ToString("yyyyMMdd")),
            ("INQR_END_DT", to.ToString("yyyyMMdd")),
            ("PDNO", ""),
            ("SORT_DVSN", "01"), // oldest first
            ("INQR_DVSN", "00"),
            ("CBLC_DVSN", "00"),
            ("CTX_AREA_FK100", ""),
            ("CTX_AREA_NK100", ""));

    public static IReadOnlyList<DailyProfit> Parse(IEnumerable<KisResponse> pages) =>
        pages.SelectMany(p => p.Rows("output1"))
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("trad_dt")))
            .Select(r => new DailyProfit(
                r.Date("trad_dt"),
                r.DecimalOrZero("buy_amt"),
                r.DecimalOrZero("sll_amt"),
                r.Decimal("rlzt_pfls"),
                r.DecimalOrZero("fee"),
                r.DecimalOrZero("tl_tax")))
            .OrderBy(d => d.Date)
            .ToList();
}
