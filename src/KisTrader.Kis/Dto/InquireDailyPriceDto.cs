using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식현재가 일자별 inquire_daily_price, FHKST01010400 (§4.3): the last 30 days, weeks or months.</summary>
internal static class InquireDailyPriceDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-daily-price";

    public static KisRequest Request(string ticker, BarPeriod period) =>
        KisRequest.Get(Path, KisTrIds.InquireDailyPrice,
            ("FID_COND_MRKT_DIV_CODE", "J"),
            ("FID_INPUT_ISCD", ticker),
            ("FID_PERIOD_DIV_CODE", period switch
            {
                BarPeriod.Day => "D",
                BarPeriod.Week => "W",
                BarPeriod.Month => "M",
                _ => throw new ArgumentOutOfRangeException(nameof(period), period, "inquire_daily_price serves days, weeks and months."),
            }),
            // §4.3: 1 = adjusted prices (수정주가 반영).
            ("FID_ORG_ADJ_PRC", "1"));

    /// <summary>Oldest first. This TR has no trade value, so <see cref="Bar.TradeValue"/> is 0.</summary>
    public static IReadOnlyList<Bar> Parse(KisResponse response) =>
        response.Rows("output")
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("stck_bsop_date")))
            .Select(r => new Bar(DayStart(r.Date("stck_bsop_date")), r.Decimal("stck_oprc"), r.Decimal("stck_hgpr"), r.Decimal("stck_lwpr"),
                r.Decimal("stck_clpr"), r.Long("acml_vol"), 0m))
            .OrderBy(b => b.Time)
            .ToList();

    internal static DateTimeOffset DayStart(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
}
