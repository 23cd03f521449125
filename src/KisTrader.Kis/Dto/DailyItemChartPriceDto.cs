using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>국내주식기간별시세 inquire_daily_itemchartprice, FHKST03010100 (§4.4): at most 100 bars per call, newest first.</summary>
internal static class DailyItemChartPriceDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice";
    public const int MaxRowsPerCall = 100;

    public static KisRequest Request(string ticker, DateOnly from, DateOnly to, BarPeriod period, bool adjusted = true) =>
        KisRequest.Get(Path, KisTrIds.InquireDailyItemChartPrice,
            ("FID_COND_MRKT_DIV_CODE", "J"),
            ("FID_INPUT_ISCD", ticker),
            ("FID_INPUT_DATE_1", from.ToString("yyyyMMdd")),
            ("FID_INPUT_DATE_2", to.ToString("yyyyMMdd")),
            ("FID_PERIOD_DIV_CODE", period switch
            {
                BarPeriod.Day => "D",
                BarPeriod.Week => "W",
                BarPeriod.Month => "M",
                BarPeriod.Year => "Y",
                _ => throw new ArgumentOutOfRangeException(nameof(period), period, "The period chart serves days, weeks, months and years."),
            }),
            // §4.4 (official function doc): 0 = adjusted prices. §4.3 documents the opposite for its own TR (CONFLICT).
            // adjusted: false asks for the original (raw) prices, what actually traded each day.
            ("FID_ORG_ADJ_PRC", adjusted ? "0" : "1"));

    /// <summary>The instrument's Korean name from output1 (hts_kor_isnm, §4.4); inquire_price has no name field.</summary>
    public static string? ParseName(KisResponse response) => response.OptionalObject("output1")?.OptionalString("hts_kor_isnm") is { Length: > 0 } n ? n : null;

    /// <summary>The bars of one call, oldest first, and how many rows KIS returned (including blank ones).</summary>
    public static (IReadOnlyList<Bar> Bars, int RowCount) Parse(KisResponse response)
    {
        var rows = response.Rows("output2");
        // KIS answers a window without data with rows of blank fields: skip rows without a date.
        var bars = rows
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("stck_bsop_date")))
            .Select(r => new Bar(InquireDailyPriceDto.DayStart(r.Date("stck_bsop_date")), r.Decimal("stck_oprc"), r.Decimal("stck_hgpr"),
                r.Decimal("stck_lwpr"), r.Decimal("stck_clpr"), r.Long("acml_vol"), r.DecimalOrZero("acml_tr_pbmn")))
            .OrderBy(b => b.Time)
            .ToList();
        return (bars, bars.Count);
    }
}
