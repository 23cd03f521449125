using KisTrader.Core.Market;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator.Rest;

/// <summary>volume_rank and fluctuation (real only; KIS_API.md §4.13, §4.14). At most 30 rows, no continuation.</summary>
internal sealed class RankingHandlers(SimContext sim)
{
    private IEnumerable<InstrumentState> Universe(string iscd) => sim.Exchange.Instruments.Where(s => iscd switch
    {
        "0001" => s.Market == KrxMarket.Kospi,
        "1001" => s.Market == KrxMarket.Kosdaq,
        _ => true,
    });

    public KisResult VolumeRank(KisRequest r)
    {
        if (r.Q("FID_COND_MRKT_DIV_CODE") is not ("J" or "NX" or "UN")) return KisResult.Error(KisCodes.InvalidMarketDivision);
        lock (sim.Exchange.Gate)
        {
            var blng = r.Q("FID_BLNG_CLS_CODE");
            var ranked = Universe(r.Q("FID_INPUT_ISCD")).ToList();
            ranked = blng == "3" ? [.. ranked.OrderByDescending(s => s.Amount)] : [.. ranked.OrderByDescending(s => s.Volume)];
            var rows = ranked.Take(30).Select((s, k) =>
            {
                var prevVol = s.PreviousDay?.Volume ?? 0;
                var avg = s.History.TakeLast(5).Select(b => b.Volume).DefaultIfEmpty(0).Average();
                return Kj.Obj(
                    ("hts_kor_isnm", s.Name), ("mksc_shrn_iscd", s.Code), ("data_rank", Kj.N(k + 1)), ("stck_prpr", Kj.W(s.Last)),
                    ("prdy_vrss_sign", s.Sign(s.Last)), ("prdy_vrss", Kj.W(s.Last - s.BasePrice)), ("prdy_ctrt", Kj.R2(s.ChangeRate(s.Last))),
                    ("acml_vol", Kj.N(s.Volume)), ("prdy_vol", Kj.N(prevVol)), ("lstn_stcn", Kj.N(s.Definition.ListedShares)),
                    ("avrg_vol", Kj.N((long)avg)), ("n_befr_clpr_vrss_prpr_rate", Kj.R2(s.ChangeRate(s.Last))),
                    ("vol_inrt", avg == 0 ? "0.00" : Kj.R2((decimal)(s.Volume / avg * 100))), ("vol_tnrt", Kj.R2(s.Volume * 100m / Math.Max(1, s.Definition.ListedShares))),
                    ("nday_vol_tnrt", "0.00"), ("avrg_tr_pbmn", Kj.W(s.History.TakeLast(5).Select(b => b.Amount).DefaultIfEmpty(0).Average())),
                    ("tr_pbmn_tnrt", "0.00"), ("nday_tr_pbmn_tnrt", "0.00"), ("acml_tr_pbmn", Kj.W(s.Amount)));
            });
            return new KisResult(KisCodes.QuoteOk).With("output", Kj.Arr(rows));
        }
    }

    public KisResult Fluctuation(KisRequest r)
    {
        // Documented with lower-case names; query names match case-insensitively anyway.
        if (r.Q("fid_cond_mrkt_div_code") is not ("J" or "NX" or "UN")) return KisResult.Error(KisCodes.InvalidMarketDivision);
        lock (sim.Exchange.Gate)
        {
            var list = Universe(r.Q("fid_input_iscd")).ToList();
            var ranked = r.Q("fid_rank_sort_cls_code") switch
            {
                "1" => list.OrderBy(s => s.ChangeRate(s.Last)),
                "2" => list.OrderByDescending(s => OpenRate(s)),
                "3" => list.OrderBy(s => OpenRate(s)),
                "4" => list.OrderByDescending(s => s.Low == 0 ? 0 : (s.High - s.Low) / s.Low),
                _ => list.OrderByDescending(s => s.ChangeRate(s.Last)),
            };
            var rows = ranked.Take(30).Select((s, k) =>
            {
                var t = s.Today;
                return Kj.Obj(
                    ("stck_shrn_iscd", s.Code), ("data_rank", Kj.N(k + 1)), ("hts_kor_isnm", s.Name), ("stck_prpr", Kj.W(s.Last)),
                    ("prdy_vrss", Kj.W(s.Last - s.BasePrice)), ("prdy_vrss_sign", s.Sign(s.Last)), ("prdy_ctrt", Kj.R2(s.ChangeRate(s.Last))),
                    ("acml_vol", Kj.N(s.Volume)), ("stck_hgpr", Kj.W(t.High)), ("hgpr_hour", s.HighTime), ("acml_hgpr_date", Kj.Date(s.TradingDate)),
                    ("stck_lwpr", Kj.W(t.Low)), ("lwpr_hour", s.LowTime), ("acml_lwpr_date", Kj.Date(s.TradingDate)),
                    ("lwpr_vrss_prpr_rate", Kj.Pct(s.Last - t.Low, t.Low)), ("dsgt_date_clpr_vrss_prpr_rate", Kj.R2(s.ChangeRate(s.Last))),
                    ("cnnt_ascn_dynu", "0"), ("hgpr_vrss_prpr_rate", Kj.Pct(s.Last - t.High, t.High)), ("cnnt_down_dynu", "0"),
                    ("oprc_vrss_prpr_sign", s.Last > t.Open ? "2" : s.Last < t.Open ? "5" : "3"), ("oprc_vrss_prpr", Kj.W(s.Last - t.Open)),
                    ("oprc_vrss_prpr_rate", Kj.R2(OpenRate(s))), ("prd_rsfl", Kj.W(s.Last - s.BasePrice)), ("prd_rsfl_rate", Kj.R2(s.ChangeRate(s.Last))));
            });
            return new KisResult(KisCodes.QuoteOk).With("output", Kj.Arr(rows));
        }
    }

    private static decimal OpenRate(InstrumentState s) => s.Today.Open == 0 ? 0 : (s.Last - s.Today.Open) * 100m / s.Today.Open;
}
