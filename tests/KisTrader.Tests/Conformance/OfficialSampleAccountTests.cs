using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// Account inquiries and cash orders requested exactly as koreainvestment/open-trading-api
/// examples_llm/domestic_stock/&lt;api&gt;/&lt;api&gt;.py builds them (env_dv "demo" → the V… TR IDs, "real" → T…/C…), with
/// the arguments of the matching chk_&lt;api&gt;.py where they fit a fresh account; answers checked against KIS_API.md §4.
/// </summary>
public abstract class OfficialSampleAccountConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };
    private readonly string _cano = ConformanceSimulator.NewAccount();
    private bool Paper => sim.IsPaper;

    private async Task<OfficialSampleClient> SignedInAsync()
    {
        var client = new OfficialSampleClient(_http, ConformanceSimulator.NewApp(), sim.IsPaper);
        (await client.AuthAsync()).AssertHttpOk();
        return client;
    }

    /// <summary>examples_llm/domestic_stock/inquire_balance/inquire_balance.py params (chk_inquire_balance.py arguments:
    /// "N", "01", "01", "N", "N", "00").</summary>
    private Task<KisAnswer> BalanceAsync(OfficialSampleClient client, string inqrDvsn = "01", string fk = "", string nk = "", string trCont = "") =>
        client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-balance", Paper ? "VTTC8434R" : "TTTC8434R", trCont,
        [
            new("CANO", _cano), new("ACNT_PRDT_CD", "01"), new("AFHR_FLPR_YN", "N"), new("OFL_YN", ""), new("INQR_DVSN", inqrDvsn),
            new("UNPR_DVSN", "01"), new("FUND_STTL_ICLD_YN", "N"), new("FNCG_AMT_AUTO_RDPT_YN", "N"), new("PRCS_DVSN", "00"),
            new("CTX_AREA_FK100", fk), new("CTX_AREA_NK100", nk),
        ]);

    /// <summary>examples_llm/domestic_stock/order_cash/order_cash.py: tr_id by env_dv and ord_dv, params in its order.</summary>
    private Task<KisAnswer> OrderCashAsync(OfficialSampleClient client, string ordDv, string ordDvsn, string qty, string price, string sllType = "") =>
        client.FetchAsync("/uapi/domestic-stock/v1/trading/order-cash",
            (Paper, ordDv) switch { (true, "sell") => "VTTC0011U", (true, _) => "VTTC0012U", (false, "sell") => "TTTC0011U", _ => "TTTC0012U" }, "",
        [
            new("CANO", _cano), new("ACNT_PRDT_CD", "01"), new("PDNO", "005930"), new("ORD_DVSN", ordDvsn), new("ORD_QTY", qty),
            new("ORD_UNPR", price), new("EXCG_ID_DVSN_CD", "KRX"), new("SLL_TYPE", sllType), new("CNDT_PRIC", ""),
        ], post: true);

    /// <summary>examples_llm/domestic_stock/order_rvsecncl/order_rvsecncl.py params (CNDT_PRIC only when given).</summary>
    private Task<KisAnswer> RvsecnclAsync(OfficialSampleClient client, string orgNo, string odno, string dvsn, string qty, string price) =>
        client.FetchAsync("/uapi/domestic-stock/v1/trading/order-rvsecncl", Paper ? "VTTC0013U" : "TTTC0013U", "",
        [
            new("CANO", _cano), new("ACNT_PRDT_CD", "01"), new("KRX_FWDG_ORD_ORGNO", orgNo), new("ORGN_ODNO", odno), new("ORD_DVSN", "00"),
            new("RVSE_CNCL_DVSN_CD", dvsn), new("ORD_QTY", qty), new("ORD_UNPR", price), new("QTY_ALL_ORD_YN", "Y"), new("EXCG_ID_DVSN_CD", "KRX"),
        ], post: true);

    /// <summary>examples_llm/domestic_stock/inquire_daily_ccld/inquire_daily_ccld.py (pd_dv "inner"): its params in order;
    /// EXCG_ID_DVSN_CD defaults to "KRX" and is left out when the caller passes None.</summary>
    private Task<KisAnswer> DailyCcldAsync(OfficialSampleClient client, bool withExchange)
    {
        var today = KisWire.Yyyymmdd(KisWire.KstNow);
        List<KeyValuePair<string, string>> p =
        [
            new("CANO", _cano), new("ACNT_PRDT_CD", "01"), new("INQR_STRT_DT", today), new("INQR_END_DT", today), new("SLL_BUY_DVSN_CD", "00"),
            new("PDNO", ""), new("CCLD_DVSN", "00"), new("INQR_DVSN", "00"), new("INQR_DVSN_3", "00"), new("ORD_GNO_BRNO", ""), new("ODNO", ""),
            new("INQR_DVSN_1", ""), new("CTX_AREA_FK100", ""), new("CTX_AREA_NK100", ""),
        ];
        if (withExchange) p.Add(new("EXCG_ID_DVSN_CD", "KRX"));
        return client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-daily-ccld", Paper ? "VTTC0081R" : "TTTC0081R", "", p);
    }

    private string AcceptedCode => Paper ? "40600000" : "APBK0013"; // KIS_API.md §3.3 / §4.9

    [Fact]
    public async Task Balance_AsChkInquireBalanceAsks_AnswersHoldingsAndAOneElementSummary()
    {
        var client = await SignedInAsync();
        var a = (await BalanceAsync(client)).AssertOk();

        // KIS_API.md §4.5: output1 array; output2 a one-element array (the sample: pd.DataFrame(output2)); paging by the
        // tr_cont response header (M/F more, D/E last) and ctx_area_fk100/nk100 in the body.
        Assert.Equal(JsonValueKind.Array, a.Output1.ValueKind);
        Assert.Equal(JsonValueKind.Array, a.Output2.ValueKind);
        var summary = Assert.Single(a.Output2.EnumerateArray());
        summary.HasFields(["dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt", "cma_evlu_amt", "bfdy_buy_amt", "thdt_buy_amt",
            "nxdy_auto_rdpt_amt", "bfdy_sll_amt", "thdt_sll_amt", "d2_auto_rdpt_amt", "bfdy_tlex_amt", "thdt_tlex_amt", "tot_loan_amt",
            "scts_evlu_amt", "tot_evlu_amt", "nass_amt", "fncg_gld_auto_rdpt_yn", "pchs_amt_smtl_amt", "evlu_amt_smtl_amt",
            "evlu_pfls_smtl_amt", "tot_stln_slng_chgs", "bfdy_tot_asst_evlu_amt", "asst_icdc_amt", "asst_icdc_erng_rt"]);
        Assert.True(summary.Dec("dnca_tot_amt") > 0, "a new account has cash");
        Assert.Equal(summary.Dec("scts_evlu_amt") + summary.Dec("prvs_rcdl_excc_amt"), summary.Dec("tot_evlu_amt"));
        Assert.Contains(a.Header("tr_cont") ?? "", new[] { "D", "E", "F", "M" });
        a.Body.Str("ctx_area_fk100");
        a.Body.Str("ctx_area_nk100");
    }

    [Fact]
    public async Task Balance_WithInqrDvsn02_IsRefusedWithOpsq2001()
    {
        var client = await SignedInAsync();
        // inquire_balance.py's docstring still offers "02 – 종목별"; KIS refuses it since 2026-02-10 (KIS_API.md §4.5,
        // python-kis issues #81/#82): OPSQ2001 "ERROR : INPUT INVALID_CHECK_INQR_DVSN".
        var a = await BalanceAsync(client, inqrDvsn: "02");
        Assert.NotEqual("0", a.RtCd);
        Assert.Equal("OPSQ2001", a.MsgCd);
    }

    [Fact]
    public async Task PsblOrder_AsChkInquirePsblOrderAsks_AnswersAmountsAndQuantities()
    {
        var client = await SignedInAsync();
        // examples_llm/domestic_stock/inquire_psbl_order/inquire_psbl_order.py params, chk arguments
        // (pdno "005930", ord_unpr "55000", ord_dvsn "01", "N", "N").
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-psbl-order", Paper ? "VTTC8908R" : "TTTC8908R", "",
        [
            new("CANO", _cano), new("ACNT_PRDT_CD", "01"), new("PDNO", "005930"), new("ORD_UNPR", "55000"), new("ORD_DVSN", "01"),
            new("CMA_EVLU_AMT_ICLD_YN", "N"), new("OVRS_ICLD_YN", "N"),
        ])).AssertOk();

        // KIS_API.md §4.7: one record (the sample: pd.DataFrame(output, index=[0])).
        var o = a.Output;
        o.HasFields(["ord_psbl_cash", "ord_psbl_sbst", "ruse_psbl_amt", "fund_rpch_chgs", "psbl_qty_calc_unpr", "nrcvb_buy_amt", "nrcvb_buy_qty",
            "max_buy_amt", "max_buy_qty", "cma_evlu_amt", "ovrs_re_use_amt_wcrc", "ord_psbl_frcr_amt_wcrc"]);
        Assert.True(o.Dec("ord_psbl_cash") > 0);
        Assert.True(o.Long("nrcvb_buy_qty") > 0);
        Assert.True(o.Long("nrcvb_buy_qty") * o.Dec("psbl_qty_calc_unpr") <= o.Dec("ord_psbl_cash"),
            "the buyable quantity at the calculation price fits the orderable cash");
    }

    [Fact]
    public async Task LimitBuy_ThenAmend_ThenCancel_AsTheSamplesSendThem_AreAcceptedAndListedInDailyExecutions()
    {
        var client = await SignedInAsync();
        var lower = decimal.Parse(await OfficialSampleAuthConformance.LowerLimitAsync(client), System.Globalization.CultureInfo.InvariantCulture);

        var buy = (await OrderCashAsync(client, "buy", "00", "1", Num(lower))).AssertOk();
        Assert.Equal(AcceptedCode, buy.MsgCd);
        var orgNo = buy.Output.Str("KRX_FWDG_ORD_ORGNO");
        var odno = buy.Output.Str("ODNO");
        // KIS_API.md §4.9: UPPER-CASE output keys; 5-char organisation number, numeric order number, ORD_TMD HHMMSS.
        Assert.Matches("^[0-9]{5}$", orgNo);
        Assert.Matches("^[0-9]+$", odno);
        Assert.Matches("^([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]$", buy.Output.Str("ORD_TMD"));

        // Amend the price up one tick (RVSE_CNCL_DVSN_CD 01, all remaining).
        var amend = (await RvsecnclAsync(client, orgNo, odno, "01", "1", Num(lower + KisWire.KrxTick(lower)))).AssertOk();
        Assert.Equal(AcceptedCode, amend.MsgCd);
        var amendNo = amend.Output.Str("ODNO");
        Assert.NotEqual(odno, amendNo); // §4.10: the amendment gets a new order number
        Assert.Equal(orgNo, amend.Output.Str("KRX_FWDG_ORD_ORGNO"));

        // Cancel with chk_order_rvsecncl.py's own arguments (ord_dvsn "00", "02", ord_qty "1", ord_unpr "55000", "Y", "KRX").
        var cancel = (await RvsecnclAsync(client, orgNo, amendNo, "02", "1", "55000")).AssertOk();
        Assert.Equal(AcceptedCode, cancel.MsgCd);
        var cancelNo = cancel.Output.Str("ODNO");

        var ccld = (await DailyCcldAsync(client, withExchange: true)).AssertOk();
        var rows = ccld.Output1.EnumerateArray().ToList();
        Assert.All(rows, r => r.HasFields(["ord_dt", "ord_gno_brno", "odno", "orgn_odno", "ord_dvsn_name", "sll_buy_dvsn_cd", "sll_buy_dvsn_cd_name",
            "pdno", "prdt_name", "ord_qty", "ord_unpr", "ord_tmd", "tot_ccld_qty", "avg_prvs", "cncl_yn", "tot_ccld_amt", "ord_dvsn_cd",
            "rmn_qty", "rjct_qty", "excg_dvsn_cd"]));
        var numbers = rows.Select(r => Trim(r.Str("odno"))).ToList();
        Assert.Contains(Trim(odno), numbers);
        Assert.Contains(Trim(amendNo), numbers);
        Assert.Contains(Trim(cancelNo), numbers);
        var cancelRow = rows.Single(r => Trim(r.Str("odno")) == Trim(cancelNo));
        Assert.Equal(Trim(amendNo), Trim(cancelRow.Str("orgn_odno")));
        Assert.Equal("02", rows.Single(r => Trim(r.Str("odno")) == Trim(odno)).Str("sll_buy_dvsn_cd")); // 02 buy
        // The sample reads output2 as one object: pd.DataFrame([output2]).
        ccld.Output2.HasFields(["tot_ord_qty", "tot_ccld_qty", "tot_ccld_amt", "prsm_tlex_smtl", "pchs_avg_pric"]);
    }

    [Fact]
    public async Task DailyExecutions_WithoutExcgIdDvsnCd_AnswerLikeWithKrx()
    {
        var client = await SignedInAsync();
        var lower = decimal.Parse(await OfficialSampleAuthConformance.LowerLimitAsync(client), System.Globalization.CultureInfo.InvariantCulture);
        var odno = (await OrderCashAsync(client, "buy", "00", "1", Num(lower))).AssertOk().Output.Str("ODNO");

        // inquire_daily_ccld.py: "if excg_id_dvsn_cd is not None: params["EXCG_ID_DVSN_CD"] = …" — optional.
        var without = (await DailyCcldAsync(client, withExchange: false)).AssertOk();
        var with = (await DailyCcldAsync(client, withExchange: true)).AssertOk();
        var a = without.Output1.EnumerateArray().Select(r => Trim(r.Str("odno"))).ToList();
        Assert.Contains(Trim(odno), a);
        Assert.Equal(with.Output1.EnumerateArray().Select(r => Trim(r.Str("odno"))).ToList(), a);
    }

    [Fact]
    public async Task MarketBuy_ThenMarketSell_AsOrderCashSendsThem_AreAcceptedAndTheHoldingMoves()
    {
        var client = await SignedInAsync();
        // order_cash.py docstring: an order without a price (market, ORD_UNPR "0") is reserved at the upper limit.
        var buy = (await OrderCashAsync(client, "buy", "01", "2", "0")).AssertOk();
        Assert.Equal(AcceptedCode, buy.MsgCd);
        await WaitForHoldingAsync(client, q => q == 2);

        // SLL_TYPE "01" 일반매도.
        var sell = (await OrderCashAsync(client, "sell", "01", "1", "0", sllType: "01")).AssertOk();
        Assert.Equal(AcceptedCode, sell.MsgCd);
        var holding = await WaitForHoldingAsync(client, q => q == 1);
        // KIS_API.md §4.5 holdings: pchs_amt / hldg_qty = pchs_avg_pric; evlu_pfls_amt = evlu_amt − pchs_amt.
        Assert.Equal(holding.Dec("evlu_amt") - holding.Dec("pchs_amt"), holding.Dec("evlu_pfls_amt"));
        Assert.Equal(holding.Dec("prpr") * holding.Dec("hldg_qty"), holding.Dec("evlu_amt"));
    }

    /// <summary>Polls the balance (as the sample pages it) until the 005930 holding matches, with a deadline.</summary>
    private async Task<JsonElement> WaitForHoldingAsync(OfficialSampleClient client, Func<long, bool> quantity)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var a = (await BalanceAsync(client)).AssertOk();
            last = a.Text;
            var row = a.Output1.EnumerateArray().FirstOrDefault(r => r.Str("pdno") == "005930");
            // A position sold out today may stay listed with hldg_qty 0 or be gone (KIS_API.md §4.5): both read as 0.
            if (quantity(row.ValueKind == JsonValueKind.Object ? row.Long("hldg_qty") : 0)) return row;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException("the holding did not reach the expected quantity; last balance: " + KisWire.Shorten(last));
    }

    [Fact]
    public async Task PeriodTradeProfit_AsTheSampleAsks_AnswersPerStockRowsInRealAndIsRefusedInPaper()
    {
        var client = await SignedInAsync();
        if (!Paper)
        {
            (await OrderCashAsync(client, "buy", "01", "1", "0")).AssertOk();
            await WaitForHoldingAsync(client, q => q == 1);
            (await OrderCashAsync(client, "sell", "01", "1", "0", sllType: "01")).AssertOk();
            await WaitForHoldingAsync(client, q => q == 0);
        }
        var today = KisWire.Yyyymmdd(KisWire.KstNow);
        // examples_llm/domestic_stock/inquire_period_trade_profit/inquire_period_trade_profit.py: tr_id TTTC8715R (the
        // wrapper turns it into VTTC8715R in paper), params in its order; chk arguments sort_dvsn "02", cblc_dvsn "00".
        var a = await client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-period-trade-profit", "TTTC8715R", "",
        [
            new("CANO", _cano), new("ACNT_PRDT_CD", "01"), new("SORT_DVSN", "02"), new("INQR_STRT_DT", today), new("INQR_END_DT", today),
            new("CBLC_DVSN", "00"), new("PDNO", ""), new("CTX_AREA_FK100", ""), new("CTX_AREA_NK100", ""),
        ]);
        if (Paper)
        {
            // KIS_API.md §4 table: 모의투자 미지원; python-kis order_profit.py raises NotImplementedError in paper.
            Assert.NotEqual("0", a.RtCd);
            return;
        }
        a.AssertOk();
        var row = Assert.Single(a.Output1.EnumerateArray());
        row.HasFields(["trad_dt", "pdno", "prdt_name", "trad_dvsn_name", "loan_dt", "hldg_qty", "pchs_unpr", "buy_qty", "buy_amt", "sll_pric",
            "sll_qty", "sll_amt", "rlzt_pfls", "pfls_rt", "fee", "tl_tax", "loan_int"]);
        Assert.Equal(today, row.Str("trad_dt"));
        Assert.EndsWith("005930", row.Str("pdno").Trim()); // §4.12b: 12-char pdno, last 6 the code
        Assert.Equal(1, row.Long("sll_qty"));
        // The sample reads output2 as one object: pd.DataFrame(output2, index=[0]).
        a.Output2.HasFields(["sll_qty_smtl", "sll_tr_amt_smtl", "sll_fee_smtl", "sll_tltx_smtl", "sll_excc_amt_smtl", "buyqty_smtl",
            "buy_tr_amt_smtl", "buy_fee_smtl", "buy_tax_smtl", "buy_excc_amt_smtl", "tot_qty", "tot_tr_amt", "tot_fee", "tot_tltx",
            "tot_excc_amt", "tot_rlzt_pfls", "loan_int", "tot_pftrt"]);
        Assert.Equal(row.Dec("rlzt_pfls"), a.Output2.Dec("tot_rlzt_pfls"));
    }

    private static string Num(decimal d) => d.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Order numbers compare without their zero padding (10-char ODNO in order answers; KIS_API.md §4.9).</summary>
    private static string Trim(string odno) => odno.Trim().TrimStart('0');

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(PaperConformanceCollection.Name)]
public sealed class OfficialSampleAccountPaperTests(PaperSimulator sim) : OfficialSampleAccountConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class OfficialSampleAccountRealTests(RealSimulator sim) : OfficialSampleAccountConformance(sim);
