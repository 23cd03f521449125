using System.Text.Json;
using KisTrader.Simulator;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>
/// Issue 19: the requests the official samples and python-kis send, with their omissions, and the answers KIS gives them
/// (docs/kis-api-addendum.md). The request shapes are copied from those clients, not from our own.
/// </summary>
public sealed class ThirdPartyClientTests
{
    private static readonly (string, string)[] PythonKisPrice = [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930")];

    /// <summary>A GET as python-kis sends it: authorization, appkey, appsecret, tr_id, tr_cont; no custtype.</summary>
    private static async Task<KisResponse> GetWithCusttypeAsync(SimClient c, string path, string trId, string? custtype, params (string Name, string Value)[] query)
    {
        var qs = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
        var m = new HttpRequestMessage(HttpMethod.Get, path + "?" + qs);
        m.Headers.TryAddWithoutValidation("authorization", "Bearer " + c.Token);
        m.Headers.TryAddWithoutValidation("appkey", c.AppKey);
        m.Headers.TryAddWithoutValidation("appsecret", c.AppSecret);
        m.Headers.TryAddWithoutValidation("tr_id", trId);
        m.Headers.TryAddWithoutValidation("tr_cont", "");
        if (custtype is not null) m.Headers.TryAddWithoutValidation("custtype", custtype);
        return await c.SendAsync(m);
    }

    // ---------------------------------------------------------------- 1. custtype

    [Fact]
    public async Task A_rest_call_without_custtype_is_served_as_an_individual_and_only_an_invalid_value_is_refused()
    {
        await using var c = await StartAsync();
        var missing = await GetWithCusttypeAsync(c, QuotePath + "inquire-price", "FHKST01010100", null, PythonKisPrice);
        Assert.Equal(("0", "MCA00000"), (missing.RtCd, missing.MsgCd));
        var invalid = await GetWithCusttypeAsync(c, QuotePath + "inquire-price", "FHKST01010100", "X", PythonKisPrice);
        Assert.Equal(("EGW00208", 500), (invalid.MsgCd, (int)invalid.Status));
        var corporate = await GetWithCusttypeAsync(c, QuotePath + "inquire-price", "FHKST01010100", "B", PythonKisPrice);
        Assert.Equal("0", corporate.RtCd);
    }

    // ---------------------------------------------------------------- 2. stock basic information

    [Theory]
    [InlineData(SimulatorMode.Paper)]
    [InlineData(SimulatorMode.Real)]
    public async Task Search_info_answers_the_product_fields_python_kis_reads_in_both_modes(SimulatorMode mode)
    {
        await using var c = await StartAsync(s => s.Mode = mode);
        var r = await GetWithCusttypeAsync(c, QuotePath + "search-info", "CTPF1604R", null, ("PDNO", "005930"), ("PRDT_TYPE_CD", "300"));
        Assert.Equal(("0", JsonValueKind.Object), (r.RtCd, r.Output.ValueKind));
        Assert.Equal(("005930", "005930", "300"), (r.S("pdno"), r.S("shtn_pdno"), r.S("prdt_type_cd")));
        Assert.Equal(("삼성전자", "삼성전자"), (r.S("prdt_abrv_name"), r.S("prdt_name120")));
        Assert.Equal("KR7005930003", r.S("std_pdno"));
        foreach (var field in new[] { "prdt_eng_abrv_name", "prdt_eng_name120", "prdt_sale_stat_cd", "prdt_risk_grad_cd", "prdt_clsf_cd",
                     "sale_strt_dt", "sale_end_dt", "wrap_asst_type_cd", "ivst_prdt_type_cd", "frst_erlm_dt" })
            Assert.True(r.Output.TryGetProperty(field, out _), field);
        Assert.Matches("^[0-9]{8}$", r.S("frst_erlm_dt"));
    }

    [Fact]
    public async Task Search_info_for_an_unknown_product_is_rt_cd_7_and_a_missing_input_is_named()
    {
        await using var c = await StartAsync();
        var unknown = await c.GetAsync(QuotePath + "search-info", "CTPF1604R", [("PDNO", "999999"), ("PRDT_TYPE_CD", "300")]);
        Assert.Equal(("7", "KIOK0007"), (unknown.RtCd, unknown.MsgCd));
        // python-kis walks PRDT_TYPE_CD over the overseas markets too: those have no products here.
        var overseas = await c.GetAsync(QuotePath + "search-info", "CTPF1604R", [("PDNO", "005930"), ("PRDT_TYPE_CD", "512")]);
        Assert.Equal("7", overseas.RtCd);
        var missing = await c.GetAsync(QuotePath + "search-info", "CTPF1604R", [("PDNO", "005930")]);
        Assert.Equal("OPSQ2002", missing.MsgCd);
        Assert.Contains("PRDT_TYPE_CD", missing.Msg1);
    }

    [Fact]
    public async Task Search_stock_info_reports_market_listing_sector_par_value_and_shares()
    {
        await using var c = await StartAsync();
        var r = await c.GetAsync(QuotePath + "search-stock-info", "CTPF1002R", [("PRDT_TYPE_CD", "300"), ("PDNO", "247540")]);
        Assert.Equal("0", r.RtCd);
        Assert.Equal(("에코프로비엠", "KSQ", "97801344"), (r.S("prdt_abrv_name"), r.S("mket_id_cd"), r.S("lstg_stqt")));
        Assert.Equal(("", "일반전기전자", "100"), (r.S("scts_mket_lstg_dt"), r.S("idx_bztp_lcls_cd_name"), r.S("papr")));
        Assert.Matches("^[0-9]{8}$", r.S("kosdaq_mket_lstg_dt"));
        Assert.Equal("KR7247540008", r.S("std_pdno"));
        Assert.Equal("STK", (await c.GetAsync(QuotePath + "search-stock-info", "CTPF1002R", [("PRDT_TYPE_CD", "300"), ("PDNO", "000660")])).S("mket_id_cd"));
    }

    [Theory]
    [InlineData("005930", "KR7005930003")]
    [InlineData("000660", "KR7000660001")]
    [InlineData("035420", "KR7035420009")]
    public void The_standard_code_is_the_korean_isin_with_its_check_digit(string code, string isin) =>
        Assert.Equal(isin, KisTrader.Simulator.Rest.InstrumentInfoHandlers.Isin(code));

    // ---------------------------------------------------------------- 3. period chart from the beginning

    [Fact]
    public async Task The_period_chart_from_year_0000_answers_from_the_earliest_bar()
    {
        await using var c = await StartAsync(s => s.HistoryDays = 60);
        (string, string)[] Query(string from, string to) =>
            [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_DATE_1", from), ("FID_INPUT_DATE_2", to), ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "1")];
        var all = await GetWithCusttypeAsync(c, QuotePath + "inquire-daily-itemchartprice", "FHKST03010100", null, Query("00000101", "20261120"));
        Assert.Equal("0", all.RtCd);
        var dates = all.Output2.EnumerateArray().Select(x => x.GetProperty("stck_bsop_date").GetString()!).ToList();
        // 60 history days and today, newest first: the whole series fits in one answer.
        Assert.Equal(61, dates.Count);
        Assert.Equal("20261120", dates[0]);
        var earliest = dates[^1];
        var fromEarliest = await c.GetAsync(QuotePath + "inquire-daily-itemchartprice", "FHKST03010100", Query(earliest, "20261120"));
        Assert.Equal(dates, fromEarliest.Output2.EnumerateArray().Select(x => x.GetProperty("stck_bsop_date").GetString()!));
        Assert.Equal("OPSQ2002", (await c.GetAsync(QuotePath + "inquire-daily-itemchartprice", "FHKST03010100", Query("2026-01-01", "20261120"))).MsgCd);
    }

    // ---------------------------------------------------------------- 4. minute chart "latest"

    [Fact]
    public async Task The_minute_chart_at_000000_answers_the_latest_bars_like_a_future_time()
    {
        await using var c = await StartAsync();
        (string, string)[] Query(string hour) =>
            [("FID_ETC_CLS_CODE", ""), ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_HOUR_1", hour), ("FID_PW_DATA_INCU_YN", "N")];
        List<string> Hours(KisResponse r) => [.. r.Output2.EnumerateArray().Select(x => x.GetProperty("stck_cntg_hour").GetString()!)];
        c.Ticks(130); // past 10:01 KST
        var latest = Hours(await GetWithCusttypeAsync(c, QuotePath + "inquire-time-itemchartprice", "FHKST03010200", null, Query("000000")));
        // Always open since 00:00: 30 bars ending at the current minute, not the 00:00 bar alone.
        Assert.Equal(30, latest.Count);
        Assert.Equal("100100", latest[0]);
        Assert.Equal(latest, Hours(await c.GetAsync(QuotePath + "inquire-time-itemchartprice", "FHKST03010200", Query(""))));
        Assert.Equal(latest, Hours(await c.GetAsync(QuotePath + "inquire-time-itemchartprice", "FHKST03010200", Query("235900"))));
        Assert.Equal("003000", Hours(await c.GetAsync(QuotePath + "inquire-time-itemchartprice", "FHKST03010200", Query("003000")))[0]);
    }

    // ---------------------------------------------------------------- 5. daily executions without EXCG_ID_DVSN_CD

    [Theory]
    [InlineData(SimulatorMode.Paper, "VTTC8001R")]
    [InlineData(SimulatorMode.Real, "TTTC8001R")]
    public async Task Daily_executions_without_the_venue_answer_the_krx_orders(SimulatorMode mode, string pythonKisTrId)
    {
        await using var c = await StartAsync(s => s.Mode = mode);
        var order = await c.BuyAsync("005930", 1);
        Assert.Equal("0", order.RtCd);
        // python-kis's query (daily_order.py): no EXCG_ID_DVSN_CD.
        var r = await GetWithCusttypeAsync(c, TradePath + "inquire-daily-ccld", pythonKisTrId, null,
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("INQR_STRT_DT", "20261120"), ("INQR_END_DT", "20261120"), ("SLL_BUY_DVSN_CD", "00"),
            ("INQR_DVSN", "00"), ("PDNO", ""), ("CCLD_DVSN", "00"), ("ORD_GNO_BRNO", ""), ("ODNO", ""), ("INQR_DVSN_3", "00"),
            ("INQR_DVSN_1", ""), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""));
        Assert.Equal("0", r.RtCd);
        Assert.Equal(order.S("ODNO"), Assert.Single(r.Output1.EnumerateArray()).GetProperty("odno").GetString());
        var invalid = await c.GetAsync(TradePath + "inquire-daily-ccld", pythonKisTrId,
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("INQR_STRT_DT", "20261120"), ("INQR_END_DT", "20261120"), ("SLL_BUY_DVSN_CD", "00"),
            ("INQR_DVSN", "00"), ("PDNO", ""), ("CCLD_DVSN", "00"), ("ORD_GNO_BRNO", ""), ("ODNO", ""), ("INQR_DVSN_3", "00"),
            ("INQR_DVSN_1", ""), ("EXCG_ID_DVSN_CD", "XYZ"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
        ]);
        Assert.Equal("OPSQ2002", invalid.MsgCd);
    }

    // ---------------------------------------------------------------- 6. account inquiries of the official samples

    private static (string, string)[] TradeProfitQuery(string pdno = "") =>
    [
        ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("SORT_DVSN", "02"), ("INQR_STRT_DT", "20261101"), ("INQR_END_DT", "20261120"),
        ("CBLC_DVSN", "00"), ("PDNO", pdno), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
    ];

    [Fact]
    public async Task The_period_trade_profit_reports_each_stock_of_each_day_and_agrees_with_the_daily_profit()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        Assert.Equal("0", (await c.BuyAsync("005930", 10)).RtCd);
        Assert.Equal("0", (await c.SellAsync("005930", 4)).RtCd);
        Assert.Equal("0", (await c.BuyAsync("000660", 2)).RtCd);
        var r = await GetWithCusttypeAsync(c, TradePath + "inquire-period-trade-profit", "TTTC8715R", null, TradeProfitQuery());
        Assert.Equal(("0", "D"), (r.RtCd, r.Header("tr_cont")));
        var rows = r.Output1.EnumerateArray().ToList();
        Assert.Equal(["000660", "005930"], rows.Select(x => x.GetProperty("pdno").GetString()));
        var samsung = rows[1];
        Assert.Equal(("20261120", "삼성전자"), (samsung.GetProperty("trad_dt").GetString(), samsung.GetProperty("prdt_name").GetString()));
        Assert.Equal(("10", "4", "6"), (samsung.GetProperty("buy_qty").GetString(), samsung.GetProperty("sll_qty").GetString(), samsung.GetProperty("hldg_qty").GetString()));
        Assert.Equal(("2", "0"), (rows[0].GetProperty("buy_qty").GetString(), rows[0].GetProperty("rlzt_pfls").GetString()));

        var daily = await c.GetAsync(TradePath + "inquire-period-profit", "TTTC8708R",
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("INQR_STRT_DT", "20261101"), ("INQR_END_DT", "20261120"), ("PDNO", ""),
            ("SORT_DVSN", "00"), ("INQR_DVSN", "00"), ("CBLC_DVSN", "00"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
        ]);
        var day = daily.Output1[0];
        Assert.Equal(D(day.GetProperty("rlzt_pfls").GetString()!), D(samsung.GetProperty("rlzt_pfls").GetString()!));
        Assert.Equal(D(day.GetProperty("fee").GetString()!), rows.Sum(x => D(x.GetProperty("fee").GetString()!)));
        // output2 is an object (python-kis reads output2["tot_fee"]).
        Assert.Equal(JsonValueKind.Object, r.Output2.ValueKind);
        Assert.Equal(D(day.GetProperty("fee").GetString()!), D(r.Output2.GetProperty("tot_fee").GetString()!));
        Assert.Equal("12", r.Output2.GetProperty("buyqty_smtl").GetString());
        Assert.True(r.Output2.TryGetProperty("tot_pftrt", out _));

        var one = await c.GetAsync(TradePath + "inquire-period-trade-profit", "TTTC8715R", TradeProfitQuery("000660"));
        Assert.Equal("000660", Assert.Single(one.Output1.EnumerateArray()).GetProperty("pdno").GetString());
    }

    [Theory]
    [InlineData("inquire-period-trade-profit", "TTTC8715R")]
    [InlineData("inquire-balance-rlz-pl", "TTTC8494R")]
    [InlineData("intgr-margin", "TTTC0869R")]
    public async Task The_real_only_account_inquiries_are_refused_in_paper_mode(string path, string trId)
    {
        await using var c = await StartAsync();
        var r = await c.GetAsync(TradePath + path, trId, [("CANO", Cano), ("ACNT_PRDT_CD", "01")]);
        Assert.Equal(("1", "OPSQ0002"), (r.RtCd, r.MsgCd));
        Assert.Contains("모의투자", r.Msg1);
    }

    [Fact]
    public async Task The_balance_with_realised_profit_adds_todays_realised_pnl_to_the_balance()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        await c.BuyAsync("005930", 10);
        await c.SellAsync("005930", 3);
        // The official sample's example query (INQR_DVSN 02; OFL_YN and COST_ICLD_YN blank).
        var r = await c.GetAsync(TradePath + "inquire-balance-rlz-pl", "TTTC8494R",
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("AFHR_FLPR_YN", "N"), ("OFL_YN", ""), ("INQR_DVSN", "02"), ("UNPR_DVSN", "01"),
            ("FUND_STTL_ICLD_YN", "N"), ("FNCG_AMT_AUTO_RDPT_YN", "N"), ("PRCS_DVSN", "01"), ("COST_ICLD_YN", ""), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
        ]);
        Assert.Equal("0", r.RtCd);
        Assert.Equal("7", Assert.Single(r.Output1.EnumerateArray()).GetProperty("hldg_qty").GetString());
        var summary = Assert.Single(r.Output2.EnumerateArray());
        var balance = (await c.BalanceAsync()).Output2[0];
        Assert.Equal(balance.GetProperty("dnca_tot_amt").GetString(), summary.GetProperty("dnca_tot_amt").GetString());
        var profit = await c.GetAsync(TradePath + "inquire-period-profit", "TTTC8708R",
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("INQR_STRT_DT", "20261120"), ("INQR_END_DT", "20261120"), ("PDNO", ""),
            ("SORT_DVSN", "00"), ("INQR_DVSN", "00"), ("CBLC_DVSN", "00"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
        ]);
        Assert.Equal(profit.Output1[0].GetProperty("rlzt_pfls").GetString(), summary.GetProperty("rlzt_pfls").GetString());
        foreach (var field in new[] { "rlzt_erng_rt", "real_evlu_pfls", "real_evlu_pfls_erng_rt" })
            Assert.True(summary.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task The_integrated_margin_reports_the_cash_orderable_amount_of_the_buying_power_inquiry()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        var lowerLimit = D((await c.PriceAsync("005930")).S("stck_llam"));
        Assert.Equal("0", (await c.BuyAsync("005930", 1, "00", lowerLimit)).RtCd); // rests below the market: reserves cash
        var r = await c.GetAsync(TradePath + "intgr-margin", "TTTC0869R",
            [("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("CMA_EVLU_AMT_ICLD_YN", "N"), ("WCRC_FRCR_DVSN_CD", "01"), ("FWEX_CTRT_FRCR_DVSN_CD", "01")]);
        Assert.Equal("0", r.RtCd);
        var psbl = await c.GetAsync(TradePath + "inquire-psbl-order", "TTTC8908R",
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("PDNO", ""), ("ORD_UNPR", ""), ("ORD_DVSN", "01"), ("CMA_EVLU_AMT_ICLD_YN", "N"), ("OVRS_ICLD_YN", "N"),
        ]);
        Assert.Equal(psbl.S("ord_psbl_cash"), r.S("stck_cash_ord_psbl_amt"));
        Assert.Equal(psbl.S("ord_psbl_cash"), r.S("stck_cash100_max_ord_psbl_amt"));
        Assert.True(D(r.S("stck_cash_use_amt")) > 0);
        Assert.Equal(D(r.S("stck_cash_objt_amt")), D(r.S("stck_cash_use_amt")) + D(r.S("stck_cash_ord_psbl_amt")));
        Assert.Equal("0", r.S("usd_ord_psbl_amt"));
    }

    // ---------------------------------------------------------------- 7. unknown stock code

    [Fact]
    public async Task An_unknown_code_is_a_successful_answer_with_zeros_as_kis_gives_it()
    {
        await using var c = await StartAsync();
        var known = await c.PriceAsync("005930");
        var unknown = await c.PriceAsync("999999");
        Assert.Equal(("0", "MCA00000", "0"), (unknown.RtCd, unknown.MsgCd, unknown.S("stck_prpr")));
        Assert.Equal(known.Output.EnumerateObject().Select(p => p.Name), unknown.Output.EnumerateObject().Select(p => p.Name));
        Assert.Equal("", unknown.S("rprs_mrkt_kor_name"));

        var chart = await c.GetAsync(QuotePath + "inquire-daily-itemchartprice", "FHKST03010100",
        [
            ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "999999"), ("FID_INPUT_DATE_1", "00000101"), ("FID_INPUT_DATE_2", "20261120"),
            ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "1"),
        ]);
        Assert.Equal(("0", "0", 0), (chart.RtCd, chart.Output1.GetProperty("stck_prpr").GetString(), chart.Output2.GetArrayLength()));
        var minutes = await c.GetAsync(QuotePath + "inquire-time-itemchartprice", "FHKST03010200",
            [("FID_ETC_CLS_CODE", ""), ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "999999"), ("FID_INPUT_HOUR_1", "000000"), ("FID_PW_DATA_INCU_YN", "N")]);
        Assert.Equal(("0", "0", 0), (minutes.RtCd, minutes.Output1.GetProperty("stck_prpr").GetString(), minutes.Output2.GetArrayLength()));
        var book = await c.AskingAsync("999999");
        Assert.Equal("0", book.RtCd);
        Assert.False(book.Output1.TryGetProperty("askp1", out _));

        // Orders still name the product as unknown (python-kis maps APBK0656 to "not found").
        Assert.Equal("APBK0656", (await c.BuyAsync("999999", 1)).MsgCd);
        Assert.Equal("OPSQ2001", (await c.GetAsync(QuotePath + "inquire-price", "FHKST01010100", [("FID_COND_MRKT_DIV_CODE", "X"), ("FID_INPUT_ISCD", "005930")])).MsgCd);
    }

    // ---------------------------------------------------------------- 8. prdy_vrss_vol_rate

    [Fact]
    public async Task The_volume_rate_is_a_ratio_to_yesterday_on_the_quote_and_a_change_on_the_daily_rows()
    {
        await using var c = await StartAsync();
        c.Ticks(20);
        var rows = (await c.GetAsync(QuotePath + "inquire-daily-price", "FHKST01010400",
            [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "1")])).Output.EnumerateArray().ToList();
        var (yesterday, dayBefore) = (L(rows[1].GetProperty("acml_vol").GetString()!), L(rows[2].GetProperty("acml_vol").GetString()!));
        // inquire_daily_price: change in percent against the previous row's volume.
        Assert.Equal(Math.Round((yesterday - dayBefore) * 100m / dayBefore, 2, MidpointRounding.AwayFromZero), D(rows[1].GetProperty("prdy_vrss_vol_rate").GetString()!));
        // inquire_price: today's volume so far as a percentage of yesterday's.
        var quote = await c.PriceAsync("005930");
        Assert.Equal(Math.Round(L(quote.S("acml_vol")) * 100m / yesterday, 2, MidpointRounding.AwayFromZero), D(quote.S("prdy_vrss_vol_rate")));
    }
}
