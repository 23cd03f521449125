using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식현재가 시세 inquire_price, FHKST01010100 (§4.1).</summary>
internal static class InquirePriceDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-price";

    public static KisRequest Request(string ticker) =>
        KisRequest.Get(Path, KisTrIds.InquirePrice, ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", ticker));

    /// <summary>대표시장한글명 rprs_mrkt_kor_name (e.g. "KOSPI200", "KOSDAQ"): the market the instrument is listed on.</summary>
    public static string? ParseMarketName(KisResponse response) => response.Object("output").OptionalString("rprs_mrkt_kor_name");

    public static Quote Parse(KisResponse response, string ticker, DateTimeOffset now)
    {
        var o = response.Object("output");
        // An unknown code is answered rt_cd 0 with every number 0 (python-kis reads stck_prpr "0" as "not found"); a missing
        // or non-numeric price is a malformed answer, not an unknown code (o.Decimal throws the format error naming it).
        if (o.Decimal("stck_prpr") == 0) throw new KisInstrumentNotFoundException(response.TrId, ticker);
        return new Quote(
            Ticker: ticker,
            Name: null, // inquire_price carries no instrument name
            Price: o.Decimal("stck_prpr"),
            Change: o.Decimal("prdy_vrss"),
            ChangeRatePercent: o.Decimal("prdy_ctrt"),
            Open: o.Decimal("stck_oprc"),
            High: o.Decimal("stck_hgpr"),
            Low: o.Decimal("stck_lwpr"),
            Volume: o.Long("acml_vol"),
            TradeValue: o.DecimalOrZero("acml_tr_pbmn"),
            BasePrice: o.Decimal("stck_sdpr"),
            UpperLimit: o.Decimal("stck_mxpr"),
            LowerLimit: o.Decimal("stck_llam"),
            TickSize: o.Decimal("aspr_unit"),
            Time: now);
    }
}
