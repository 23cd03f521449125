using System.Text.Json.Nodes;
using KisTrader.Simulator.Accounts;

namespace KisTrader.Simulator.Rest;

/// <summary>
/// The real-only account inquiries the official samples call beyond KIS_API.md §4 (docs/kis-api-addendum.md):
/// 기간별매매손익현황조회 (TTTC8715R) and 주식통합증거금 현황 (TTTC0869R). Field names are the official samples' column lists.
/// </summary>
internal sealed class AccountProfitHandlers(SimContext sim)
{
    private const int TradeProfitPageSize = 100;

    private SimExchange X => sim.Exchange;

    /// <summary>
    /// Per stock and trading day, the buys and sells of the period with their realised P&amp;L (the HTS [0856] screen's
    /// "종목별" view). SORT_DVSN 01 = oldest first, 00/02 = newest first; PDNO blank = every stock.
    /// </summary>
    public KisResult InquirePeriodTradeProfit(KisRequest r)
    {
        var (a, error) = AccountHandlers.Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "SORT_DVSN", "INQR_STRT_DT", "INQR_END_DT", "CBLC_DVSN",
            "PDNO", "CTX_AREA_FK100", "CTX_AREA_NK100");
        if (error is not null) return error;
        if (!BarAggregation.TryParseDate(r.Q("INQR_STRT_DT"), out var from) || !BarAggregation.TryParseDate(r.Q("INQR_END_DT"), out var to))
            return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID INQR_STRT_DT/INQR_END_DT"));
        var code = r.Q("PDNO");
        var oldestFirst = r.Q("SORT_DVSN") == "01";
        lock (X.Gate)
        {
            var account = a!;
            var rows = account.Days.Where(d => d.Key >= from && d.Key <= to)
                .SelectMany(d => d.Value.Stocks.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (Date: d.Key, Code: s.Key, Ledger: s.Value)))
                .Where(x => code.Length == 0 || x.Code == code)
                .ToList();
            if (!oldestFirst) rows = [.. rows.OrderByDescending(x => x.Date).ThenBy(x => x.Code, StringComparer.Ordinal)];
            var result = new KisResult(KisCodes.InquiryDone);
            var page = Paging.Page(result, rows, Paging.Offset(r), TradeProfitPageSize, $"{account.Cano}^{account.ProductCode}^{Kj.Date(from)}^{Kj.Date(to)}^");
            if (result.TrCont == "M") result.Code = KisCodes.InquiryContinues;
            result.With("output1", Kj.Arr(page.Select(x => Row(x.Date, x.Code, x.Ledger))));
            var all = rows.Select(x => x.Ledger).ToList();
            decimal S(Func<StockDayLedger, decimal> f) => all.Sum(f);
            var sellNet = S(l => l.SellAmount - l.SellFee - l.Tax);
            var buyGross = S(l => l.BuyAmount + l.BuyFee);
            var realized = S(l => l.RealizedPnl);
            // output2 is an object (python-kis reads output2["tot_fee"] directly; the sample frames it with index=[0]).
            result.With("output2", Kj.Obj(
                ("sll_qty_smtl", Kj.N(all.Sum(l => l.SellQuantity))), ("sll_tr_amt_smtl", Kj.W(S(l => l.SellAmount))),
                ("sll_fee_smtl", Kj.W(S(l => l.SellFee))), ("sll_tltx_smtl", Kj.W(S(l => l.Tax))), ("sll_excc_amt_smtl", Kj.W(sellNet)),
                ("buyqty_smtl", Kj.N(all.Sum(l => l.BuyQuantity))), ("buy_tr_amt_smtl", Kj.W(S(l => l.BuyAmount))),
                ("buy_fee_smtl", Kj.W(S(l => l.BuyFee))), ("buy_tax_smtl", "0"), ("buy_excc_amt_smtl", Kj.W(buyGross)),
                ("tot_qty", Kj.N(all.Sum(l => l.BuyQuantity + l.SellQuantity))), ("tot_tr_amt", Kj.W(S(l => l.BuyAmount + l.SellAmount))),
                ("tot_fee", Kj.W(S(l => l.BuyFee + l.SellFee))), ("tot_tltx", Kj.W(S(l => l.Tax))), ("tot_excc_amt", Kj.W(sellNet - buyGross)),
                ("tot_rlzt_pfls", Kj.W(realized)), ("loan_int", "0"), ("tot_pftrt", Kj.Pct(realized, S(l => l.SoldCost)))));
            return result;
        }
    }

    private JsonObject Row(DateOnly date, string code, StockDayLedger l)
    {
        // 매입단가: the average cost of what was sold that day, else the day's buy price.
        var buyUnit = l.SellQuantity > 0 ? l.SoldCost / l.SellQuantity : l.BuyQuantity > 0 ? l.BuyAmount / l.BuyQuantity : 0;
        return Kj.Obj(
            ("trad_dt", Kj.Date(date)), ("pdno", code), ("prdt_name", X.Instrument(code)?.Name ?? ""), ("trad_dvsn_name", "현금"), ("loan_dt", ""),
            ("hldg_qty", Kj.N(l.HeldAfter)), ("pchs_unpr", Kj.W(buyUnit)), ("buy_qty", Kj.N(l.BuyQuantity)), ("buy_amt", Kj.W(l.BuyAmount)),
            ("sll_pric", Kj.W(l.SellQuantity == 0 ? 0 : l.SellAmount / l.SellQuantity)), ("sll_qty", Kj.N(l.SellQuantity)),
            ("sll_amt", Kj.W(l.SellAmount)), ("rlzt_pfls", Kj.W(l.RealizedPnl)), ("pfls_rt", Kj.Pct(l.RealizedPnl, l.SoldCost)),
            ("fee", Kj.W(l.BuyFee + l.SellFee)), ("tl_tax", Kj.W(l.Tax)), ("loan_int", "0"));
    }

    /// <summary>The official sample's output fields of TTTC0869R, in its order; those not listed in <see cref="IntgrMargin"/> are 0.</summary>
    private static readonly string[] IntgrMarginFields =
    [
        "acmga_rt", "acmga_pct100_aptm_rson", "stck_cash_objt_amt", "stck_sbst_objt_amt", "stck_evlu_objt_amt", "stck_ruse_psbl_objt_amt",
        "stck_fund_rpch_chgs_objt_amt", "stck_fncg_rdpt_objt_atm", "bond_ruse_psbl_objt_amt", "stck_cash_use_amt", "stck_sbst_use_amt",
        "stck_evlu_use_amt", "stck_ruse_psbl_amt_use_amt", "stck_fund_rpch_chgs_use_amt", "stck_fncg_rdpt_amt_use_amt",
        "bond_ruse_psbl_amt_use_amt", "stck_cash_ord_psbl_amt", "stck_sbst_ord_psbl_amt", "stck_evlu_ord_psbl_amt",
        "stck_ruse_psbl_ord_psbl_amt", "stck_fund_rpch_ord_psbl_amt", "bond_ruse_psbl_ord_psbl_amt", "rcvb_amt",
        "stck_loan_grta_ruse_psbl_amt", "stck_cash20_max_ord_psbl_amt", "stck_cash30_max_ord_psbl_amt", "stck_cash40_max_ord_psbl_amt",
        "stck_cash50_max_ord_psbl_amt", "stck_cash60_max_ord_psbl_amt", "stck_cash100_max_ord_psbl_amt", "stck_rsip100_max_ord_psbl_amt",
        "bond_max_ord_psbl_amt", "stck_fncg45_max_ord_psbl_amt", "stck_fncg50_max_ord_psbl_amt", "stck_fncg60_max_ord_psbl_amt",
        "stck_fncg70_max_ord_psbl_amt", "stck_stln_max_ord_psbl_amt", "lmt_amt", "ovrs_stck_itgr_mgna_dvsn_name", "usd_objt_amt",
        "usd_use_amt", "usd_ord_psbl_amt", "hkd_objt_amt", "hkd_use_amt", "hkd_ord_psbl_amt", "jpy_objt_amt", "jpy_use_amt",
        "jpy_ord_psbl_amt", "cny_objt_amt", "cny_use_amt", "cny_ord_psbl_amt", "usd_ruse_objt_amt", "usd_ruse_amt",
        "usd_ruse_ord_psbl_amt", "hkd_ruse_objt_amt", "hkd_ruse_amt", "hkd_ruse_ord_psbl_amt", "jpy_ruse_objt_amt", "jpy_ruse_amt",
        "jpy_ruse_ord_psbl_amt", "cny_ruse_objt_amt", "cny_ruse_amt", "cny_ruse_ord_psbl_amt", "usd_gnrl_ord_psbl_amt",
        "usd_itgr_ord_psbl_amt", "hkd_gnrl_ord_psbl_amt", "hkd_itgr_ord_psbl_amt", "jpy_gnrl_ord_psbl_amt", "jpy_itgr_ord_psbl_amt",
        "cny_gnrl_ord_psbl_amt", "cny_itgr_ord_psbl_amt", "stck_itgr_cash20_ord_psbl_amt", "stck_itgr_cash30_ord_psbl_amt",
        "stck_itgr_cash40_ord_psbl_amt", "stck_itgr_cash50_ord_psbl_amt", "stck_itgr_cash60_ord_psbl_amt",
        "stck_itgr_cash100_ord_psbl_amt", "stck_itgr_100_ord_psbl_amt", "stck_itgr_fncg45_ord_psbl_amt",
        "stck_itgr_fncg50_ord_psbl_amt", "stck_itgr_fncg60_ord_psbl_amt", "stck_itgr_fncg70_ord_psbl_amt",
        "stck_itgr_stln_ord_psbl_amt", "bond_itgr_ord_psbl_amt", "stck_cash_ovrs_use_amt", "stck_sbst_ovrs_use_amt",
        "stck_evlu_ovrs_use_amt", "stck_re_use_amt_ovrs_use_amt", "stck_fund_rpch_ovrs_use_amt", "stck_fncg_rdpt_ovrs_use_amt",
        "bond_re_use_ovrs_use_amt", "usd_oth_mket_use_amt", "jpy_oth_mket_use_amt", "cny_oth_mket_use_amt", "hkd_oth_mket_use_amt",
        "usd_re_use_oth_mket_use_amt", "jpy_re_use_oth_mket_use_amt", "cny_re_use_oth_mket_use_amt", "hkd_re_use_oth_mket_use_amt",
        "hgkg_cny_re_use_amt", "usd_frst_bltn_exrt", "hkd_frst_bltn_exrt", "jpy_frst_bltn_exrt", "cny_frst_bltn_exrt",
    ];

    /// <summary>
    /// 주식통합증거금 현황: the account's won orderable amounts. The simulator is a cash account with 100% margin and no
    /// foreign currency, so every cash-based orderable amount is the cash not reserved by open buys; the rest is 0.
    /// </summary>
    public KisResult IntgrMargin(KisRequest r)
    {
        var (a, error) = AccountHandlers.Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "CMA_EVLU_AMT_ICLD_YN", "WCRC_FRCR_DVSN_CD",
            "FWEX_CTRT_FRCR_DVSN_CD");
        if (error is not null) return error;
        lock (X.Gate)
        {
            var account = a!;
            var available = Math.Max(0, X.AvailableCash(account));
            var evaluation = account.Holdings.Values.Where(h => h.Quantity > 0).Sum(h => (X.Instrument(h.Code)?.Last ?? 0) * h.Quantity);
            var output = new JsonObject();
            foreach (var field in IntgrMarginFields) output[field] = "0";
            output["acmga_rt"] = "100";
            output["acmga_pct100_aptm_rson"] = "";
            output["ovrs_stck_itgr_mgna_dvsn_name"] = "";
            output["stck_cash_objt_amt"] = Kj.W(account.Cash);
            output["stck_evlu_objt_amt"] = Kj.W(evaluation);
            output["stck_cash_use_amt"] = Kj.W(account.Cash - available);
            output["stck_cash_ord_psbl_amt"] = Kj.W(available);
            foreach (var pct in new[] { "20", "30", "40", "50", "60", "100" })
            {
                output[$"stck_cash{pct}_max_ord_psbl_amt"] = Kj.W(available);
                output[$"stck_itgr_cash{pct}_ord_psbl_amt"] = Kj.W(available);
            }
            output["stck_rsip100_max_ord_psbl_amt"] = Kj.W(available);
            output["stck_itgr_100_ord_psbl_amt"] = Kj.W(available);
            return new KisResult(KisCodes.InquiryOk).With("output", output);
        }
    }
}
