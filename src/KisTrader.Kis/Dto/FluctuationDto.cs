using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>등락률순위 fluctuation, FHPST01700000, real only (§4.14). Its query names are documented lower-case.</summary>
internal static class FluctuationDto
{
    public const string Path = "/uapi/domestic-stock/v1/ranking/fluctuation";

    /// <param name="losers">false = 상승율 (sort 0), true = 하락율 (sort 1).</param>
    public static KisRequest Request(bool losers) =>
        KisRequest.Get(Path, KisTrIds.Fluctuation,
            ("fid_cond_mrkt_div_code", "J"),
            ("fid_cond_scr_div_code", "20170"),
            ("fid_input_iscd", "0000"),
            ("fid_rank_sort_cls_code", losers ? "1" : "0"),
            ("fid_input_cnt_1", "0"),
            ("fid_prc_cls_code", "1"),
            ("fid_input_price_1", ""),
            ("fid_input_price_2", ""),
            ("fid_vol_cnt", ""),
            ("fid_trgt_cls_code", "0"),
            ("fid_trgt_exls_cls_code", "0"),
            ("fid_div_cls_code", "0"),
            ("fid_rsfl_rate1", ""),
            ("fid_rsfl_rate2", ""));

    /// <summary>This TR has no trade value: <see cref="RankingEntry.TradeValue"/> is 0.</summary>
    public static IReadOnlyList<RankingEntry> Parse(KisResponse response) =>
        response.Rows("output")
            .Select(r => new RankingEntry(
                (int)r.Long("data_rank"),
                r.String("stck_shrn_iscd"),
                r.OptionalString("hts_kor_isnm") ?? "",
                r.Decimal("stck_prpr"),
                r.DecimalOrZero("prdy_vrss"),
                r.Decimal("prdy_ctrt"),
                r.LongOrZero("acml_vol"),
                0m))
            .OrderBy(e => e.Rank)
            .ToList();
}
