using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>국내주식업종기간별시세 inquire_daily_indexchartprice, FHKUP03500100: an index's period chart (KOSPI "0001",
/// KOSDAQ "1001"). Not in KIS_API.md; the request and fields are those of the official samples (docs/kis-api-addendum.md).
/// Rows newest first in output2; prices in index points (two decimals).</summary>
internal static class DailyIndexChartPriceDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-daily-indexchartprice";

    public static KisRequest Request(string indexCode, DateOnly from, DateOnly to) =>
        KisRequest.Get(Path, KisTrIds.InquireDailyIndexChartPrice,
            ("FID_COND_MRKT_DIV_CODE", "U"),
            ("FID_INPUT_ISCD", indexCode),
            ("FID_INPUT_DATE_1", from.ToString("yyyyMMdd")),
            ("FID_INPUT_DATE_2", to.ToString("yyyyMMdd")),
            ("FID_PERIOD_DIV_CODE", "D"));

    /// <summary>The bars of one call, oldest first (rows without a date, KIS's blank padding, skipped).</summary>
    public static IReadOnlyList<Bar> Parse(KisResponse response) =>
        [.. response.Rows("output2")
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("stck_bsop_date")))
            .Select(r => new Bar(InquireDailyPriceDto.DayStart(r.Date("stck_bsop_date")), r.Decimal("bstp_nmix_oprc"), r.Decimal("bstp_nmix_hgpr"),
                r.Decimal("bstp_nmix_lwpr"), r.Decimal("bstp_nmix_prpr"), r.Long("acml_vol"), r.DecimalOrZero("acml_tr_pbmn")))
            .OrderBy(b => b.Time)];
}
