using System.Text;
using System.Text.Json.Nodes;
using KisTrader.Core.Market;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator.Rest;

/// <summary>
/// Stock basic information (docs/kis-api-addendum.md): 상품기본조회 search-info (CTPF1604R), which python-kis needs to
/// build any stock object, and 주식기본조회 search-stock-info (CTPF1002R). Field names are the official samples' column
/// lists (and python-kis's for CTPF1604R); values the simulator does not model (English names, sale and risk codes) are
/// empty. Only PRDT_TYPE_CD 300 (domestic stock) has products here.
/// </summary>
internal sealed class InstrumentInfoHandlers(SimContext sim)
{
    private const string DomesticStock = "300";

    /// <summary>rt_cd 7 is how python-kis recognises "no such product" on search-info (info.py); the code and text are KIS' usual "nothing to show".</summary>
    internal static readonly KisCode NoData = new("7", "KIOK0007", "조회할 자료가 없습니다");

    private (InstrumentState? S, KisResult? Error) Resolve(KisRequest r)
    {
        foreach (var name in new[] { "PDNO", "PRDT_TYPE_CD" })
            if (r.Q(name).Length == 0)
                return (null, KisResult.Error(KisCodes.InvalidField.WithMessage($"ERROR : INPUT FIELD_NOT_FOUND {name}")));
        var s = r.Q("PRDT_TYPE_CD") == DomesticStock ? sim.Exchange.Instrument(r.Q("PDNO")) : null;
        return s is null ? (null, KisResult.Error(NoData)) : (s, null);
    }

    public KisResult SearchInfo(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        lock (sim.Exchange.Gate)
        {
            var i = s!;
            var output = Kj.Obj(
                ("pdno", i.Code), ("prdt_type_cd", DomesticStock), ("prdt_name", i.Name), ("prdt_name120", i.Name), ("prdt_abrv_name", i.Name),
                ("prdt_eng_name", ""), ("prdt_eng_name120", ""), ("prdt_eng_abrv_name", ""), ("std_pdno", Isin(i.Code)), ("shtn_pdno", i.Code),
                ("prdt_sale_stat_cd", ""), ("prdt_risk_grad_cd", ""), ("prdt_clsf_cd", ""), ("prdt_clsf_name", ""), ("sale_strt_dt", ""),
                ("sale_end_dt", ""), ("wrap_asst_type_cd", ""), ("ivst_prdt_type_cd", ""), ("ivst_prdt_type_cd_name", ""),
                ("frst_erlm_dt", Kj.Date(FirstDay(i))));
            return new KisResult(KisCodes.QuoteOk).With("output", output);
        }
    }

    public KisResult SearchStockInfo(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        lock (sim.Exchange.Gate)
        {
            var i = s!;
            var kospi = i.Market == KrxMarket.Kospi;
            var listed = Kj.Date(FirstDay(i));
            const decimal parValue = 100m; // the stck_fcam inquire_price answers
            var output = Kj.Obj(
                ("pdno", i.Code), ("prdt_type_cd", DomesticStock), ("prdt_name", i.Name), ("prdt_name120", i.Name), ("prdt_abrv_name", i.Name),
                ("prdt_eng_name", ""), ("prdt_eng_name120", ""), ("prdt_eng_abrv_name", ""),
                // KRX market ids: STK (유가증권) and KSQ (코스닥).
                ("mket_id_cd", kospi ? "STK" : "KSQ"), ("scty_grp_id_cd", "ST"), ("excg_dvsn_cd", kospi ? "02" : "03"), ("setl_mmdd", "1231"),
                ("lstg_stqt", Kj.N(i.Definition.ListedShares)), ("lstg_cptl_amt", Kj.W(i.Definition.ListedShares * parValue)),
                ("cpta", Kj.W(i.Definition.ListedShares * parValue)), ("papr", Kj.W(parValue)), ("issu_pric", Kj.W(parValue)),
                ("kospi200_item_yn", kospi ? "Y" : "N"), ("scts_mket_lstg_dt", kospi ? listed : ""), ("scts_mket_lstg_abol_dt", ""),
                ("kosdaq_mket_lstg_dt", kospi ? "" : listed), ("kosdaq_mket_lstg_abol_dt", ""), ("frbd_mket_lstg_dt", ""), ("frbd_mket_lstg_abol_dt", ""),
                ("reits_kind_cd", ""), ("etf_dvsn_cd", ""), ("oilf_fund_yn", "N"), ("idx_bztp_lcls_cd", ""), ("idx_bztp_mcls_cd", ""),
                ("idx_bztp_scls_cd", ""), ("idx_bztp_lcls_cd_name", i.Definition.Sector), ("idx_bztp_mcls_cd_name", i.Definition.Sector),
                ("idx_bztp_scls_cd_name", i.Definition.Sector), ("stck_kind_cd", ""), ("mfnd_opng_dt", ""), ("mfnd_end_dt", ""), ("dpsi_erlm_cncl_dt", ""),
                ("etf_cu_qty", "0"), ("std_pdno", Isin(i.Code)), ("dpsi_aptm_erlm_yn", "Y"), ("etf_txtn_type_cd", ""), ("etf_type_cd", ""),
                ("lstg_abol_dt", ""), ("nwst_odst_dvsn_cd", ""), ("sbst_pric", Kj.W(i.BasePrice * 0.7m)), ("thco_sbst_pric", Kj.W(i.BasePrice * 0.7m)),
                ("thco_sbst_pric_chng_dt", Kj.Date(i.TradingDate)), ("tr_stop_yn", "N"), ("admn_item_yn", "N"), ("thdt_clpr", Kj.W(i.Last)),
                ("bfdy_clpr", Kj.W(i.BasePrice)), ("clpr_chng_dt", Kj.Date(i.TradingDate)), ("std_idst_clsf_cd", ""),
                ("std_idst_clsf_cd_name", i.Definition.Sector), ("ocr_no", ""), ("crfd_item_yn", "N"), ("elec_scty_yn", "Y"), ("issu_istt_cd", ""),
                ("etf_chas_erng_rt_dbnb", "0"), ("etf_etn_ivst_heed_item_yn", "N"), ("stln_int_rt_dvsn_cd", ""), ("frnr_psnl_lmt_rt", "0"),
                ("lstg_rqsr_issu_istt_cd", ""), ("lstg_rqsr_item_cd", ""), ("trst_istt_issu_istt_cd", ""), ("cptt_trad_tr_psbl_yn", "N"),
                ("nxt_tr_stop_yn", "N"));
            return new KisResult(KisCodes.QuoteOk).With("output", output);
        }
    }

    private static DateOnly FirstDay(InstrumentState i) => i.History.Count > 0 ? i.History[0].Date : i.TradingDate;

    /// <summary>The Korean ISIN of a 6-digit stock code: KR7 + code + 00 + the ISIN check digit (e.g. 005930 → KR7005930003).</summary>
    internal static string Isin(string code)
    {
        var body = "KR7" + code + "00";
        var digits = new StringBuilder();
        foreach (var c in body) digits.Append(char.IsAsciiLetter(c) ? (char.ToUpperInvariant(c) - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
        // Luhn over the digit string, doubling from the rightmost digit.
        var sum = 0;
        for (var k = 0; k < digits.Length; k++)
        {
            var d = digits[digits.Length - 1 - k] - '0';
            if (k % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return body + ((10 - sum % 10) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
