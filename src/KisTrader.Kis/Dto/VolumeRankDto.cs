using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>거래량순위 volume_rank, FHPST01710000, real only (§4.13): up to 30 rows, no continuation.</summary>
internal static class VolumeRankDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/volume-rank";

    public static KisRequest Request() =>
        KisRequest.Get(Path, KisTrIds.VolumeRank,
            ("FID_COND_MRKT_DIV_CODE", "J"),
            ("FID_COND_SCR_DIV_CODE", "20171"),
            ("FID_INPUT_ISCD", "0000"),
            ("FID_DIV_CLS_CODE", "0"),
            ("FID_BLNG_CLS_CODE", "0"),
            ("FID_TRGT_CLS_CODE", "111111111"),
            ("FID_TRGT_EXLS_CLS_CODE", "0000000000"),
            ("FID_INPUT_PRICE_1", ""),
            ("FID_INPUT_PRICE_2", ""),
            ("FID_VOL_CNT", ""),
            ("FID_INPUT_DATE_1", ""));

    public static IReadOnlyList<RankingEntry> Parse(KisResponse response) =>
        response.Rows("output")
            .Select(r => new RankingEntry(
                (int)r.Long("data_rank"),
                r.String("mksc_shrn_iscd"),
                r.OptionalString("hts_kor_isnm") ?? "",
                r.Decimal("stck_prpr"),
                r.DecimalOrZero("prdy_vrss"),
                r.DecimalOrZero("prdy_ctrt"),
                r.Long("acml_vol"),
                r.DecimalOrZero("acml_tr_pbmn")))
            .OrderBy(e => e.Rank)
            .ToList();
}
