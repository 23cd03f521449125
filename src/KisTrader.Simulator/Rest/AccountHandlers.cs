using System.Text.Json.Nodes;
using KisTrader.Core.Exchange;
using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator.Rest;

/// <summary>Account inquiries (KIS_API.md §4.5–4.8, 4.11, 4.12, 4.15).</summary>
internal sealed class AccountHandlers(SimContext sim)
{
    private SimExchange X => sim.Exchange;

    /// <summary>The account named by CANO/ACNT_PRDT_CD in the query, after checking that the listed fields are present.</summary>
    internal static (SimAccount? Account, KisResult? Error) Resolve(SimContext sim, KisRequest r, bool fromBody, params string[] required)
    {
        foreach (var name in required)
            if (fromBody ? !r.HasBody(name) : !r.HasQuery(name))
                return (null, KisResult.Error(KisCodes.InvalidField.WithMessage($"ERROR : INPUT FIELD_NOT_FOUND {name}")));
        var cano = fromBody ? r.B("CANO") : r.Q("CANO");
        var product = fromBody ? r.B("ACNT_PRDT_CD") : r.Q("ACNT_PRDT_CD");
        SimAccount? account;
        lock (sim.Exchange.Gate) account = sim.Exchange.Account(cano, product);
        if (account is null) return (null, KisResult.Error(KisCodes.InvalidAccount));
        sim.Hub.AccountUsed(r.AppKey, account.Key);
        return (account, null);
    }

    private int BalancePageSize => sim.Paper ? 20 : 50;
    private int CcldPageSize => sim.Paper ? 15 : 100;

    private decimal PriceOf(string code) => X.Instrument(code)?.Last ?? 0;
    private string NameOf(string code) => X.Instrument(code)?.Name ?? "";

    public KisResult InquireBalance(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "AFHR_FLPR_YN", "OFL_YN", "INQR_DVSN", "UNPR_DVSN",
            "FUND_STTL_ICLD_YN", "FNCG_AMT_AUTO_RDPT_YN", "PRCS_DVSN", "CTX_AREA_FK100", "CTX_AREA_NK100");
        if (error is not null) return error;
        // INQR_DVSN 02 is refused since 2026-02-10 (§4.5).
        if (r.Q("INQR_DVSN") != "01") return KisResult.Error(KisCodes.InvalidInquiryDivision);
        return Balance(r, a!, realizedPnl: false);
    }

    /// <summary>
    /// 주식잔고조회_실현손익 (TTTC8494R, real only; docs/kis-api-addendum.md): the balance with today's realised P&amp;L added to
    /// output2. The official sample sends OFL_YN and COST_ICLD_YN only when set, so they are optional here; INQR_DVSN is
    /// documented as 00 (all) and the sample's example sends 02, so any value is read as "all".
    /// </summary>
    public KisResult InquireBalanceRlzPl(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "AFHR_FLPR_YN", "INQR_DVSN", "UNPR_DVSN",
            "FUND_STTL_ICLD_YN", "FNCG_AMT_AUTO_RDPT_YN", "PRCS_DVSN");
        if (error is not null) return error;
        return Balance(r, a!, realizedPnl: true);
    }

    private KisResult Balance(KisRequest r, SimAccount account, bool realizedPnl)
    {
        lock (X.Gate)
        {
            var today = X.Instruments.Count > 0 ? X.Instruments[0].TradingDate : DateOnly.MinValue;
            // A position sold out today still shows (hldg_qty 0) until the day ends.
            var holdings = account.Holdings.Values
                .Where(h => h.Quantity > 0 || (h.FlowDate == today && (h.TodayBuyQuantity > 0 || h.TodaySellQuantity > 0)))
                .OrderBy(h => h.Code, StringComparer.Ordinal).ToList();
            var result = new KisResult(KisCodes.InquiryDone);
            var page = Paging.Page(result, holdings, Paging.Offset(r), BalancePageSize, $"{account.Cano}^{account.ProductCode}^N^N^01^01^N^");
            if (result.TrCont == "M") result.Code = KisCodes.InquiryContinues;
            var rows = page.Select(h =>
            {
                h.Touch(today);
                var price = PriceOf(h.Code);
                var evlu = price * h.Quantity;
                var pfls = evlu - h.PurchaseAmount;
                var sellable = Math.Max(0, h.Quantity - X.ReservedSellQuantity(account, h.Code));
                var inst = X.Instrument(h.Code);
                return Kj.Obj(
                    ("pdno", h.Code), ("prdt_name", NameOf(h.Code)), ("trad_dvsn_name", "현금"),
                    ("bfdy_buy_qty", Kj.N(h.PreviousBuyQuantity)), ("bfdy_sll_qty", Kj.N(h.PreviousSellQuantity)),
                    ("thdt_buyqty", Kj.N(h.TodayBuyQuantity)), ("thdt_sll_qty", Kj.N(h.TodaySellQuantity)),
                    ("hldg_qty", Kj.N(h.Quantity)), ("ord_psbl_qty", Kj.N(sellable)),
                    ("pchs_avg_pric", Kj.D4(h.Quantity == 0 ? 0 : h.PurchaseAmount / h.Quantity)), ("pchs_amt", Kj.W(h.PurchaseAmount)),
                    ("prpr", Kj.W(price)), ("evlu_amt", Kj.W(evlu)), ("evlu_pfls_amt", Kj.W(pfls)),
                    ("evlu_pfls_rt", Kj.Pct(pfls, h.PurchaseAmount)), ("evlu_erng_rt", "0"), ("loan_dt", ""), ("loan_amt", "0"),
                    ("stln_slng_chgs", "0"), ("expd_dt", ""), ("fltt_rt", Kj.R2(inst?.ChangeRate(price) ?? 0)),
                    ("bfdy_cprs_icdc", Kj.W(inst is null ? 0 : price - inst.BasePrice)), ("item_mgna_rt_name", "20%"), ("grta_rt_name", ""),
                    ("sbst_pric", Kj.W(price * 0.7m)), ("stck_loan_unpr", "0"));
            });
            result.With("output1", Kj.Arr(rows));

            var held = account.Holdings.Values.Where(h => h.Quantity > 0).ToList();
            var purchase = held.Sum(h => h.PurchaseAmount);
            var evaluation = held.Sum(h => PriceOf(h.Code) * h.Quantity);
            var todayLedger = account.Days.GetValueOrDefault(today) ?? new DayLedger();
            var previousLedger = account.Days.Where(d => d.Key < today).Select(d => d.Value).LastOrDefault() ?? new DayLedger();
            var summary = Kj.Obj(
                ("dnca_tot_amt", Kj.W(account.Cash)), ("nxdy_excc_amt", Kj.W(account.Cash)), ("prvs_rcdl_excc_amt", Kj.W(account.Cash)),
                ("cma_evlu_amt", "0"), ("bfdy_buy_amt", Kj.W(previousLedger.BuyAmount)), ("thdt_buy_amt", Kj.W(todayLedger.BuyAmount)),
                ("nxdy_auto_rdpt_amt", "0"), ("bfdy_sll_amt", Kj.W(previousLedger.SellAmount)), ("thdt_sll_amt", Kj.W(todayLedger.SellAmount)),
                ("d2_auto_rdpt_amt", "0"), ("bfdy_tlex_amt", Kj.W(previousLedger.BuyFee + previousLedger.SellFee + previousLedger.Tax)),
                ("thdt_tlex_amt", Kj.W(todayLedger.BuyFee + todayLedger.SellFee + todayLedger.Tax)), ("tot_loan_amt", "0"),
                ("scts_evlu_amt", Kj.W(evaluation)), ("tot_evlu_amt", Kj.W(evaluation + account.Cash)), ("nass_amt", Kj.W(evaluation + account.Cash)),
                ("fncg_gld_auto_rdpt_yn", ""), ("pchs_amt_smtl_amt", Kj.W(purchase)), ("evlu_amt_smtl_amt", Kj.W(evaluation)),
                ("evlu_pfls_smtl_amt", Kj.W(evaluation - purchase)), ("tot_stln_slng_chgs", "0"),
                ("bfdy_tot_asst_evlu_amt", Kj.W(evaluation + account.Cash)), ("asst_icdc_amt", "0"), ("asst_icdc_erng_rt", "0.00000000"));
            if (realizedPnl)
            {
                // Today's realised P&L (the [0800] 체결기준잔고 screen is a day view) and the unrealised P&L net of it.
                summary["rlzt_pfls"] = Kj.W(todayLedger.RealizedPnl);
                summary["rlzt_erng_rt"] = Kj.Pct(todayLedger.RealizedPnl, todayLedger.SoldCost);
                summary["real_evlu_pfls"] = Kj.W(evaluation - purchase);
                summary["real_evlu_pfls_erng_rt"] = Kj.Pct(evaluation - purchase, purchase);
            }
            // output2 is a ONE-ELEMENT ARRAY (§4.5; the rlz_pl sample builds its frame from a list too).
            result.With("output2", new JsonArray(summary));
            return result;
        }
    }

    public KisResult InquireAccountBalance(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "INQR_DVSN_1", "BSPR_BF_DT_APLY_YN");
        if (error is not null) return error;
        lock (X.Gate)
        {
            var account = a!;
            var held = account.Holdings.Values.Where(h => h.Quantity > 0).ToList();
            var purchase = held.Sum(h => h.PurchaseAmount);
            var evaluation = held.Sum(h => PriceOf(h.Code) * h.Quantity);
            var total = evaluation + account.Cash;
            string[] kinds = ["주식", "펀드/MMW", "IMA", "채권", "ELS/DLS", "WRAP", "신탁", "RP/발행어음", "해외주식", "해외채권", "금현물", "CD/CP",
                "전자단기사채", "타사상품", "외화전자단기사채", "외화ELS/DLS", "외화", "예수금", "청약자예수금", "합계"];
            var rows = kinds.Select(kind =>
            {
                var (p, e) = kind switch { "주식" => (purchase, evaluation), "예수금" => (account.Cash, account.Cash), "합계" => (purchase + account.Cash, total), _ => (0m, 0m) };
                return Kj.Obj(("pchs_amt", Kj.W(p)), ("evlu_amt", Kj.W(e)), ("evlu_pfls_amt", Kj.W(kind is "주식" or "합계" ? e - p : 0)),
                    ("crdt_lnd_amt", "0"), ("real_nass_amt", Kj.W(e)), ("whol_weit_rt", Kj.Pct(e, total)));
            });
            var output2 = Kj.Obj(
                ("pchs_amt_smtl", Kj.W(purchase)), ("nass_tot_amt", Kj.W(total)), ("loan_amt_smtl", "0"), ("evlu_pfls_amt_smtl", Kj.W(evaluation - purchase)),
                ("evlu_amt_smtl", Kj.W(evaluation)), ("tot_asst_amt", Kj.W(total)), ("tot_lnda_tot_ulst_lnda", "0"), ("cma_auto_loan_amt", "0"),
                ("tot_mgln_amt", "0"), ("stln_evlu_amt", "0"), ("crdt_fncg_amt", "0"), ("ocl_apl_loan_amt", "0"), ("pldg_stup_amt", "0"),
                ("frcr_evlu_tota", "0"), ("tot_dncl_amt", Kj.W(account.Cash)), ("cma_evlu_amt", "0"), ("dncl_amt", Kj.W(account.Cash)),
                ("tot_sbst_amt", "0"), ("thdt_rcvb_amt", "0"), ("ovrs_stck_evlu_amt1", "0"), ("ovrs_bond_evlu_amt", "0"),
                ("mmf_cma_mgge_loan_amt", "0"), ("sbsc_dncl_amt", "0"), ("pbst_sbsc_fnds_loan_use_amt", "0"), ("etpr_crdt_grnt_loan_amt", "0"));
            return new KisResult(KisCodes.InquiryOk).With("output1", Kj.Arr(rows)).With("output2", output2);
        }
    }

    public KisResult InquirePsblOrder(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "PDNO", "ORD_UNPR", "ORD_DVSN", "CMA_EVLU_AMT_ICLD_YN", "OVRS_ICLD_YN");
        if (error is not null) return error;
        lock (X.Gate)
        {
            var account = a!;
            var available = Math.Max(0, X.AvailableCash(account));
            var code = r.Q("PDNO");
            decimal unitPrice = 0;
            if (code.Length > 0)
            {
                var s = X.Instrument(code);
                if (s is null) return KisResult.Error(KisCodes.UnknownProduct);
                var given = decimal.TryParse(r.Q("ORD_UNPR"), out var p) ? p : 0;
                // Market-type orders are reserved at the upper limit (§4.9 note).
                unitPrice = r.Q("ORD_DVSN") is "01" or "13" or "14" || given <= 0 ? s.Limits.Upper : given;
            }
            var qty = unitPrice <= 0 ? 0 : (long)Math.Floor(available / (unitPrice * (1 + X.Costs.CommissionRate)));
            var today = X.Instruments.Count > 0 ? X.Instruments[0].TradingDate : DateOnly.MinValue;
            var sold = account.Days.GetValueOrDefault(today)?.SellAmount ?? 0;
            var output = Kj.Obj(
                ("ord_psbl_cash", Kj.W(available)), ("ord_psbl_sbst", "0"), ("ruse_psbl_amt", Kj.W(sold)), ("fund_rpch_chgs", "0"),
                ("psbl_qty_calc_unpr", Kj.W(unitPrice)), ("nrcvb_buy_amt", Kj.W(available)), ("nrcvb_buy_qty", Kj.N(qty)),
                ("max_buy_amt", Kj.W(available)), ("max_buy_qty", Kj.N(qty)), ("cma_evlu_amt", "0"),
                ("ovrs_re_use_amt_wcrc", "0"), ("ord_psbl_frcr_amt_wcrc", "0"));
            return new KisResult(KisCodes.InquiryDone).With("output", output);
        }
    }

    public KisResult InquirePsblSell(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "PDNO");
        if (error is not null) return error;
        lock (X.Gate)
        {
            var account = a!;
            var code = r.Q("PDNO");
            var s = X.Instrument(code);
            if (s is null) return KisResult.Error(KisCodes.UnknownProduct);
            var h = account.Holdings.GetValueOrDefault(code) ?? new SimHolding { Code = code };
            var price = s.Last;
            var evlu = price * h.Quantity;
            var output = Kj.Obj(
                ("pdno", code), ("prdt_name", s.Name), ("buy_qty", Kj.N(h.TodayBuyQuantity)), ("sll_qty", Kj.N(h.TodaySellQuantity)),
                ("cblc_qty", Kj.N(h.Quantity)), ("nsvg_qty", "0"), ("ord_psbl_qty", Kj.N(Math.Max(0, X.SellableQuantity(account, code)))),
                ("pchs_avg_pric", Kj.D4(h.Quantity == 0 ? 0 : h.PurchaseAmount / h.Quantity)), ("pchs_amt", Kj.W(h.PurchaseAmount)),
                ("now_pric", Kj.W(price)), ("evlu_amt", Kj.W(evlu)), ("evlu_pfls_amt", Kj.W(evlu - h.PurchaseAmount)),
                ("evlu_pfls_rt", Kj.Pct(evlu - h.PurchaseAmount, h.PurchaseAmount)));
            return new KisResult(KisCodes.InquiryOk).With("output", output);
        }
    }

    public KisResult InquireDailyCcld(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT", "SLL_BUY_DVSN_CD", "PDNO",
            "ORD_GNO_BRNO", "ODNO", "CCLD_DVSN", "INQR_DVSN", "INQR_DVSN_1", "INQR_DVSN_3", "CTX_AREA_FK100", "CTX_AREA_NK100");
        if (error is not null) return error;
        // EXCG_ID_DVSN_CD is optional (the official sample omits it when None, python-kis never sends it): blank or
        // missing is KRX, the only venue the simulator has; ALL includes it, NXT has no orders here.
        var venue = r.Q("EXCG_ID_DVSN_CD");
        if (venue is not ("" or "KRX" or "NXT" or "SOR" or "ALL"))
            return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID EXCG_ID_DVSN_CD"));
        if (!BarAggregation.TryParseDate(r.Q("INQR_STRT_DT"), out var from) || !BarAggregation.TryParseDate(r.Q("INQR_END_DT"), out var to))
            return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID INQR_STRT_DT/INQR_END_DT"));
        var sideFilter = r.Q("SLL_BUY_DVSN_CD");
        var code = r.Q("PDNO");
        var odno = r.Q("ODNO");
        var ccld = r.Q("CCLD_DVSN");
        var chronological = r.Q("INQR_DVSN") == "01";
        lock (X.Gate)
        {
            var account = a!;
            var rows = X.Orders.Where(o => o.AccountKey == account.Key && o.Date >= from && o.Date <= to)
                .Where(o => sideFilter switch { "01" => o.Side == Side.Sell, "02" => o.Side == Side.Buy, _ => true })
                .Where(o => code.Length == 0 || o.Code == code)
                .Where(o => odno.Length == 0 || o.Odno == odno.PadLeft(10, '0'))
                .Where(o => ccld switch { "01" => o.FilledQuantity > 0, "02" => o.Remaining > 0, _ => true })
                .Where(_ => venue != "NXT")
                .ToList();
            // Order numbers grow with time: sorting by them is chronological.
            rows = chronological ? [.. rows.OrderBy(o => o.Odno, StringComparer.Ordinal)] : [.. rows.OrderByDescending(o => o.Odno, StringComparer.Ordinal)];
            var result = new KisResult(KisCodes.InquiryLast);
            var page = Paging.Page(result, rows, Paging.Offset(r), CcldPageSize, $"{account.Cano}^{account.ProductCode}^{Kj.Date(from)}^{Kj.Date(to)}^");
            if (result.TrCont == "M") result.Code = KisCodes.InquiryContinues;
            result.With("output1", Kj.Arr(page.Select(o => CcldRow(o))));
            var filledQty = rows.Sum(o => o.FilledQuantity);
            var filledAmount = rows.Sum(o => o.FilledAmount);
            result.With("output2", Kj.Obj(
                ("tot_ord_qty", Kj.N(rows.Where(o => o.Kind != SimOrderKind.Cancel).Sum(o => o.Quantity))), ("tot_ccld_qty", Kj.N(filledQty)),
                ("tot_ccld_amt", Kj.W(filledAmount)), ("prsm_tlex_smtl", Kj.W(rows.Sum(o => o.Fee + o.Tax))),
                ("pchs_avg_pric", Kj.D4(filledQty == 0 ? 0 : filledAmount / filledQty))));
            return result;
        }
    }

    private JsonObject CcldRow(SimOrder o)
    {
        var cancel = o.Kind == SimOrderKind.Cancel;
        var sideCode = o.Side == Side.Sell ? "01" : "02";
        var divisionName = o.OrderDivision switch
        {
            "00" => "지정가", "01" => "시장가", "02" => "조건부지정가", "03" => "최유리지정가", "04" => "최우선지정가",
            "11" => "IOC지정가", "12" => "FOK지정가", "13" => "IOC시장가", "14" => "FOK시장가", _ => o.OrderDivision,
        };
        var name = o.Kind switch { SimOrderKind.Amend => "정정", SimOrderKind.Cancel => "취소", _ => "" };
        return Kj.Obj(
            ("ord_dt", Kj.Date(o.Date)), ("ord_gno_brno", o.OrgNo), ("odno", o.Odno), ("orgn_odno", o.OriginalOdno),
            ("ord_dvsn_name", divisionName), ("sll_buy_dvsn_cd", sideCode),
            ("sll_buy_dvsn_cd_name", (o.Side == Side.Sell ? "현금매도" : "현금매수") + name),
            ("pdno", o.Code), ("prdt_name", NameOf(o.Code)), ("ord_qty", Kj.N(o.Quantity)), ("ord_unpr", Kj.W(o.Price)), ("ord_tmd", o.Time),
            ("tot_ccld_qty", Kj.N(o.FilledQuantity)), ("avg_prvs", Kj.W(o.AverageFillPrice)), ("cncl_yn", cancel ? "Y" : "N"),
            ("tot_ccld_amt", Kj.W(o.FilledAmount)), ("loan_dt", ""), ("ordr_empno", "OpnAPI"), ("ord_dvsn_cd", o.OrderDivision),
            ("cncl_cfrm_qty", Kj.N(cancel ? o.Quantity : 0)), ("rmn_qty", Kj.N(o.Remaining)), ("rjct_qty", Kj.N(o.RejectedQuantity)),
            ("ccld_cndt_name", o.OrderDivision is "11" or "13" ? "IOC" : o.OrderDivision is "12" or "14" ? "FOK" : "없음"),
            ("inqr_ip_addr", ""), ("cpbc_ordp_ord_rcit_dvsn_cd", ""), ("cpbc_ordp_infm_mthd_dvsn_cd", ""), ("infm_tmd", ""),
            ("ctac_tlno", ""), ("prdt_type_cd", "300"), ("excg_dvsn_cd", "01"), ("cpbc_ordp_mtrl_dvsn_cd", ""), ("ord_orgno", o.OrgNo),
            ("rsvn_ord_end_dt", ""), ("excg_id_dvsn_Cd", "KRX"), ("stpm_cndt_pric", "0"), ("stpm_efct_occr_dtmd", ""));
    }

    public KisResult InquirePsblRvsecncl(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "CTX_AREA_FK100", "CTX_AREA_NK100", "INQR_DVSN_1", "INQR_DVSN_2");
        if (error is not null) return error;
        var sideFilter = r.Q("INQR_DVSN_2");
        var byStock = r.Q("INQR_DVSN_1") == "1";
        lock (X.Gate)
        {
            var account = a!;
            var open = X.Orders.Where(o => o.AccountKey == account.Key && o.Remaining > 0)
                .Where(o => sideFilter switch { "1" => o.Side == Side.Sell, "2" => o.Side == Side.Buy, _ => true });
            var rows = (byStock ? open.OrderBy(o => o.Code).ThenBy(o => o.Odno) : open.OrderBy(o => o.Odno)).ToList();
            var result = new KisResult(KisCodes.InquiryDone);
            var page = Paging.Page(result, rows, Paging.Offset(r), 50, $"{account.Cano}^{account.ProductCode}^");
            if (result.TrCont == "M") result.Code = KisCodes.InquiryContinues;
            result.With("output", Kj.Arr(page.Select(o => Kj.Obj(
                ("ord_gno_brno", o.OrgNo), ("odno", o.Odno), ("orgn_odno", o.OriginalOdno),
                ("ord_dvsn_name", o.OrderDivision == "01" ? "시장가" : "지정가"), ("pdno", o.Code), ("prdt_name", NameOf(o.Code)),
                ("rvse_cncl_dvsn_name", o.Kind == SimOrderKind.Amend ? "정정" : ""), ("ord_qty", Kj.N(o.Quantity)), ("ord_unpr", Kj.W(o.Price)),
                ("ord_tmd", o.Time), ("tot_ccld_qty", Kj.N(o.FilledQuantity)), ("tot_ccld_amt", Kj.W(o.FilledAmount)), ("psbl_qty", Kj.N(o.Remaining)),
                ("sll_buy_dvsn_cd", o.Side == Side.Sell ? "01" : "02"), ("ord_dvsn_cd", o.OrderDivision), ("mgco_aptm_odno", ""),
                ("excg_dvsn_cd", "01"), ("excg_id_dvsn_cd", "KRX"), ("excg_id_dvsn_name", "한국거래소"), ("stpm_cndt_pric", "0"),
                ("stpm_efct_occr_yn", "N")))));
            return result;
        }
    }

    public KisResult InquirePeriodProfit(KisRequest r)
    {
        var (a, error) = Resolve(sim, r, false, "CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT", "PDNO", "SORT_DVSN", "INQR_DVSN", "CBLC_DVSN",
            "CTX_AREA_FK100", "CTX_AREA_NK100");
        if (error is not null) return error;
        if (!BarAggregation.TryParseDate(r.Q("INQR_STRT_DT"), out var from) || !BarAggregation.TryParseDate(r.Q("INQR_END_DT"), out var to))
            return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID INQR_STRT_DT/INQR_END_DT"));
        var oldestFirst = r.Q("SORT_DVSN") == "01";
        lock (X.Gate)
        {
            var account = a!;
            var days = account.Days.Where(d => d.Key >= from && d.Key <= to).ToList();
            if (!oldestFirst) days.Reverse();
            var result = new KisResult(KisCodes.InquiryDone);
            var page = Paging.Page(result, days, Paging.Offset(r), 100, $"{account.Cano}^{account.ProductCode}^");
            if (result.TrCont == "M") result.Code = KisCodes.InquiryContinues;
            result.With("output1", Kj.Arr(page.Select(d => Kj.Obj(
                ("trad_dt", Kj.Date(d.Key)), ("buy_amt", Kj.W(d.Value.BuyAmount)), ("sll_amt", Kj.W(d.Value.SellAmount)),
                ("rlzt_pfls", Kj.W(d.Value.RealizedPnl)), ("fee", Kj.W(d.Value.BuyFee + d.Value.SellFee)), ("loan_int", "0"),
                ("tl_tax", Kj.W(d.Value.Tax)), ("pfls_rt", Kj.Pct(d.Value.RealizedPnl, d.Value.SoldCost)),
                ("sll_qty1", Kj.N(d.Value.SellQuantity)), ("buy_qty1", Kj.N(d.Value.BuyQuantity))))));
            var all = days.Select(d => d.Value).ToList();
            decimal S(Func<DayLedger, decimal> f) => all.Sum(f);
            result.With("output2", Kj.Obj(
                ("sll_qty_smtl", Kj.N(all.Sum(d => d.SellQuantity))), ("sll_tr_amt_smtl", Kj.W(S(d => d.SellAmount))),
                ("sll_fee_smtl", Kj.W(S(d => d.SellFee))), ("sll_tltx_smtl", Kj.W(S(d => d.Tax))),
                ("sll_excc_amt_smtl", Kj.W(S(d => d.SellAmount - d.SellFee - d.Tax))), ("buy_qty_smtl", Kj.N(all.Sum(d => d.BuyQuantity))),
                ("buy_tr_amt_smtl", Kj.W(S(d => d.BuyAmount))), ("buy_fee_smtl", Kj.W(S(d => d.BuyFee))), ("buy_tax_smtl", "0"),
                ("buy_excc_amt_smtl", Kj.W(S(d => d.BuyAmount + d.BuyFee))), ("tot_qty", Kj.N(all.Sum(d => d.BuyQuantity + d.SellQuantity))),
                ("tot_tr_amt", Kj.W(S(d => d.BuyAmount + d.SellAmount))), ("tot_fee", Kj.W(S(d => d.BuyFee + d.SellFee))),
                ("tot_tltx", Kj.W(S(d => d.Tax))), ("tot_excc_amt", Kj.W(S(d => d.SellAmount - d.SellFee - d.Tax - d.BuyAmount - d.BuyFee))),
                ("tot_rlzt_pfls", Kj.W(S(d => d.RealizedPnl))), ("loan_int", "0")));
            return result;
        }
    }
}
