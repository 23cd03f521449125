using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>
/// 당일분봉 inquire_time_itemchartprice, FHKST03010200: today's one-minute bars up to an hour, newest first, about 30 per call.
/// KIS_API.md lists only the path and TR ID; the query and field names below are KIS' published ones
/// (FID_ETC_CLS_CODE, FID_INPUT_HOUR_1, FID_PW_DATA_INCU_YN; output2 stck_bsop_date, stck_cntg_hour, stck_prpr,
/// stck_oprc, stck_hgpr, stck_lwpr, cntg_vol) and should be added to KIS_API.md.
/// </summary>
internal static class TimeItemChartPriceDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-time-itemchartprice";

    public static KisRequest Request(string ticker, TimeOnly until) =>
        KisRequest.Get(Path, KisTrIds.InquireTimeItemChartPrice,
            ("FID_ETC_CLS_CODE", ""),
            ("FID_COND_MRKT_DIV_CODE", "J"),
            ("FID_INPUT_ISCD", ticker),
            ("FID_INPUT_HOUR_1", until.ToString("HHmmss")),
            ("FID_PW_DATA_INCU_YN", "N"));

    /// <summary>Oldest first. <see cref="Bar.TradeValue"/> is 0: KIS gives only the running day total here.</summary>
    public static IReadOnlyList<Bar> Parse(KisResponse response) =>
        response.Rows("output2")
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("stck_cntg_hour")) && !string.IsNullOrEmpty(r.OptionalString("stck_bsop_date")))
            .Select(r => new Bar(
                new DateTimeOffset(r.Date("stck_bsop_date").ToDateTime(r.Time("stck_cntg_hour")), KoreaTime.Offset),
                r.Decimal("stck_oprc"), r.Decimal("stck_hgpr"), r.Decimal("stck_lwpr"), r.Decimal("stck_prpr"), r.Long("cntg_vol"), 0m))
            .OrderBy(b => b.Time)
            .ToList();
}
