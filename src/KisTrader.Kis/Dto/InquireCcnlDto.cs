using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식현재가 체결 inquire_ccnl, FHKST01010300 (§4.2): the latest ~30 executions, newest first.</summary>
internal static class InquireCcnlDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-ccnl";

    public static KisRequest Request(string ticker) =>
        KisRequest.Get(Path, KisTrIds.InquireCcnl, ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", ticker));

    public static IReadOnlyList<RecentTrade> Parse(KisResponse response) =>
        response.Rows("output")
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("stck_cntg_hour")))
            .Select(r => new RecentTrade(
                r.Time("stck_cntg_hour"),
                r.Decimal("stck_prpr"),
                r.DecimalOrZero("prdy_vrss"),
                r.Long("cntg_vol"),
                r.DecimalOrZero("tday_rltv")))
            .ToList();
}
