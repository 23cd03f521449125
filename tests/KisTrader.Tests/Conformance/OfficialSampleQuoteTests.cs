using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// Quotes and charts requested exactly as koreainvestment/open-trading-api examples_llm/domestic_stock/&lt;api&gt;/&lt;api&gt;.py
/// builds them (through examples_llm/kis_auth.py _url_fetch), with the arguments of the matching chk_&lt;api&gt;.py;
/// answers checked against KIS_API.md §4 and the samples' COLUMN_MAPPING.
/// </summary>
public abstract class OfficialSampleQuoteConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };

    private async Task<OfficialSampleClient> SignedInAsync()
    {
        var client = new OfficialSampleClient(_http, ConformanceSimulator.NewApp(), sim.IsPaper);
        (await client.AuthAsync()).AssertHttpOk();
        return client;
    }

    // chk_inquire_price.py COLUMN_MAPPING = KIS_API.md §4.1.
    private static readonly string[] PriceFields =
    [
        "iscd_stat_cls_code", "marg_rate", "rprs_mrkt_kor_name", "new_hgpr_lwpr_cls_code", "bstp_kor_isnm", "temp_stop_yn",
        "oprc_rang_cont_yn", "clpr_rang_cont_yn", "crdt_able_yn", "grmn_rate_cls_code", "elw_pblc_yn", "stck_prpr", "prdy_vrss",
        "prdy_vrss_sign", "prdy_ctrt", "acml_tr_pbmn", "acml_vol", "prdy_vrss_vol_rate", "stck_oprc", "stck_hgpr", "stck_lwpr",
        "stck_mxpr", "stck_llam", "stck_sdpr", "wghn_avrg_stck_prc", "hts_frgn_ehrt", "frgn_ntby_qty", "pgtr_ntby_qty",
        "pvt_scnd_dmrs_prc", "pvt_frst_dmrs_prc", "pvt_pont_val", "pvt_frst_dmsp_prc", "pvt_scnd_dmsp_prc", "dmrs_val", "dmsp_val",
        "cpfn", "rstc_wdth_prc", "stck_fcam", "stck_sspr", "aspr_unit", "hts_deal_qty_unit_val", "lstn_stcn", "hts_avls", "per", "pbr",
        "stac_month", "vol_tnrt", "eps", "bps", "d250_hgpr", "d250_hgpr_date", "d250_hgpr_vrss_prpr_rate", "d250_lwpr", "d250_lwpr_date",
        "d250_lwpr_vrss_prpr_rate", "stck_dryy_hgpr", "dryy_hgpr_vrss_prpr_rate", "dryy_hgpr_date", "stck_dryy_lwpr",
        "dryy_lwpr_vrss_prpr_rate", "dryy_lwpr_date", "w52_hgpr", "w52_hgpr_vrss_prpr_ctrt", "w52_hgpr_date", "w52_lwpr",
        "w52_lwpr_vrss_prpr_ctrt", "w52_lwpr_date", "whol_loan_rmnd_rate", "ssts_yn", "stck_shrn_iscd", "fcam_cnnm", "cpfn_cnnm",
        "apprch_rate", "frgn_hldn_qty", "vi_cls_code", "ovtm_vi_cls_code", "last_ssts_cntg_qty", "invt_caful_yn", "mrkt_warn_cls_code",
        "short_over_yn", "sltr_yn", "mang_issu_cls_code",
    ];

    [Fact]
    public async Task InquirePrice_AsTheSampleAsks_AnswersAConsistentQuoteWithEveryDocumentedField()
    {
        var client = await SignedInAsync();
        // examples_llm/domestic_stock/inquire_price/inquire_price.py: params FID_COND_MRKT_DIV_CODE, FID_INPUT_ISCD;
        // tr_id FHKST01010100 in both environments; chk_inquire_price.py asks for "J", "005930".
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-price", "FHKST01010100", "",
            [new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930")])).AssertOk();

        Assert.Equal("MCA00000", a.MsgCd); // KIS_API.md §3.3: quotes answer MCA00000.
        var o = a.Output;
        Assert.Equal(JsonValueKind.Object, o.ValueKind); // inquire_price.py: pd.DataFrame(output, index=[0]).
        o.HasFields(PriceFields);
        Assert.Equal("005930", o.Str("stck_shrn_iscd"));
        var price = o.Dec("stck_prpr");
        var change = o.Dec("prdy_vrss");
        var basePrice = o.Dec("stck_sdpr");
        Assert.True(price > 0);
        // KIS_API.md §4.1: stck_sdpr 기준가 (normally the previous close), prdy_vrss signed, sign 1 상한 2 상승 3 보합 4 하한 5 하락.
        Assert.Equal(basePrice, price - change);
        var sign = o.Str("prdy_vrss_sign");
        Assert.Contains(sign, new[] { "1", "2", "3", "4", "5" });
        Assert.Equal(Math.Sign(change), sign switch { "1" or "2" => 1, "3" => 0, _ => -1 });
        Assert.InRange(o.Dec("prdy_ctrt"), Math.Round(change / basePrice * 100, 2) - 0.01m, Math.Round(change / basePrice * 100, 2) + 0.01m);
        // §7.2: ±30 % of the base, on the tick grid; §7.1: aspr_unit is the tick of the current price.
        var upper = o.Dec("stck_mxpr");
        var lower = o.Dec("stck_llam");
        // The tick the ±30 % width is truncated to is not settled (KIS_API.md §7.2): allow the larger of the candidates.
        var slack = Math.Max(KisWire.KrxTick(basePrice), KisWire.KrxTick(basePrice * 1.3m));
        Assert.InRange(upper, basePrice * 1.3m - slack, basePrice * 1.3m);
        Assert.InRange(lower, basePrice * 0.7m, basePrice * 0.7m + slack);
        Assert.Equal(0m, upper % KisWire.KrxTick(upper));
        Assert.Equal(0m, lower % KisWire.KrxTick(lower));
        Assert.InRange(price, lower, upper);
        Assert.Equal(KisWire.KrxTick(price), o.Dec("aspr_unit"));
        if (o.Long("acml_vol") > 0) Assert.InRange(price, o.Dec("stck_lwpr"), o.Dec("stck_hgpr"));
    }

    [Fact]
    public async Task AskingPrice_AsTheSampleAsks_AnswersTenLevelsASideInOrder()
    {
        var client = await SignedInAsync();
        // examples_llm/domestic_stock/inquire_asking_price_exp_ccn/inquire_asking_price_exp_ccn.py: FHKST01010200 (both
        // environments), params FID_COND_MRKT_DIV_CODE, FID_INPUT_ISCD; reads output1 (호가) and output2 (예상체결).
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-asking-price-exp-ccn", "FHKST01010200", "",
            [new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930")])).AssertOk();

        var book = a.Output1;
        var levels = Enumerable.Range(1, 10).ToList();
        book.HasFields(levels.SelectMany(i => new[] { $"askp{i}", $"bidp{i}", $"askp_rsqn{i}", $"bidp_rsqn{i}", $"askp_rsqn_icdc{i}", $"bidp_rsqn_icdc{i}" })
            .Concat(["aspr_acpt_hour", "total_askp_rsqn", "total_bidp_rsqn", "total_askp_rsqn_icdc", "total_bidp_rsqn_icdc",
                "ovtm_total_askp_icdc", "ovtm_total_bidp_icdc", "ovtm_total_askp_rsqn", "ovtm_total_bidp_rsqn", "ntby_aspr_rsqn", "new_mkop_cls_code"]));
        var asks = levels.Select(i => book.Dec($"askp{i}")).ToList();
        var bids = levels.Select(i => book.Dec($"bidp{i}")).ToList();
        Assert.True(asks[0] > bids[0], $"best ask {asks[0]} must be above best bid {bids[0]}");
        Assert.Equal(asks.OrderBy(p => p), asks);              // 매도호가 1..10 rising away from the spread
        Assert.Equal(bids.OrderByDescending(p => p), bids);    // 매수호가 1..10 falling away from it
        Assert.Equal(levels.Sum(i => book.Long($"askp_rsqn{i}")), book.Long("total_askp_rsqn"));
        Assert.Equal(levels.Sum(i => book.Long($"bidp_rsqn{i}")), book.Long("total_bidp_rsqn"));

        var expected = a.Output2;
        expected.HasFields(["antc_mkop_cls_code", "stck_prpr", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_sdpr", "antc_cnpr",
            "antc_cntg_vrss_sign", "antc_cntg_vrss", "antc_cntg_prdy_ctrt", "antc_vol", "stck_shrn_iscd", "vi_cls_code"]);
        Assert.Equal("005930", expected.Str("stck_shrn_iscd"));
    }

    [Fact]
    public async Task DailyChart_AsChkInquireDailyItemchartpriceAsks_AnswersTheNewest100BarsOfTheRange()
    {
        var client = await SignedInAsync();
        // examples_llm/domestic_stock/inquire_daily_itemchartprice/inquire_daily_itemchartprice.py params, with
        // chk_inquire_daily_itemchartprice.py's arguments ("J", "005930", "20220101", "20220809", "D", "1").
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice", "FHKST03010100", "",
        [
            new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930"), new("FID_INPUT_DATE_1", "20220101"),
            new("FID_INPUT_DATE_2", "20220809"), new("FID_PERIOD_DIV_CODE", "D"), new("FID_ORG_ADJ_PRC", "1"),
        ])).AssertOk();

        // KIS_API.md §4.4: output1 object, output2 array newest first, at most 100 rows a call.
        a.Output1.HasFields(["prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "stck_prdy_clpr", "acml_vol", "acml_tr_pbmn", "hts_kor_isnm",
            "stck_prpr", "stck_shrn_iscd", "prdy_vol", "stck_mxpr", "stck_llam", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_prdy_oprc",
            "stck_prdy_hgpr", "stck_prdy_lwpr", "askp", "bidp", "prdy_vrss_vol", "vol_tnrt", "stck_fcam", "lstn_stcn", "cpfn", "hts_avls",
            "per", "eps", "pbr"]);
        var rows = a.Output2.EnumerateArray().ToList();
        Assert.Equal(100, rows.Count); // 2022-01-03..2022-08-09 holds more than 100 trading days
        foreach (var r in rows)
        {
            r.HasFields(["stck_bsop_date", "stck_clpr", "stck_oprc", "stck_hgpr", "stck_lwpr", "acml_vol", "acml_tr_pbmn", "flng_cls_code",
                "prtt_rate", "mod_yn", "prdy_vrss_sign", "prdy_vrss", "revl_issu_reas"]);
            Assert.InRange(r.Str("stck_bsop_date"), "20220101", "20220809");
            Assert.True(r.Dec("stck_lwpr") <= Math.Min(r.Dec("stck_oprc"), r.Dec("stck_clpr")) && Math.Max(r.Dec("stck_oprc"), r.Dec("stck_clpr")) <= r.Dec("stck_hgpr"));
        }
        var dates = rows.Select(r => r.Str("stck_bsop_date")).ToList();
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        Assert.Equal("20220809", dates[0]); // a Tuesday: the newest bar of the range comes first
        Assert.Equal(dates.Count, dates.Distinct().Count());
    }

    [Fact]
    public async Task MinuteChart_AsChkInquireTimeItemchartpriceAsks_AnswersTodaysBarsUpToThatTimeNewestFirst()
    {
        await KisWire.UntilTodayHasMinuteBarsAsync();
        var client = await SignedInAsync();
        // examples_llm/domestic_stock/inquire_time_itemchartprice/inquire_time_itemchartprice.py params (FID_ETC_CLS_CODE
        // defaults to ""), chk_inquire_time_itemchartprice.py's arguments ("J", "005930", "093000", "Y").
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-time-itemchartprice", "FHKST03010200", "",
        [
            new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930"), new("FID_INPUT_HOUR_1", "093000"),
            new("FID_PW_DATA_INCU_YN", "Y"), new("FID_ETC_CLS_CODE", ""),
        ])).AssertOk();

        a.Output1.HasFields(["prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "stck_prdy_clpr", "acml_vol", "acml_tr_pbmn", "hts_kor_isnm", "stck_prpr"]);
        var rows = a.Output2.EnumerateArray().ToList();
        // The docstring: at most 30 a call; today's bars only; a future FID_INPUT_HOUR_1 answers as of now.
        Assert.InRange(rows.Count, 1, 30);
        var times = rows.Select(r =>
        {
            r.HasFields(["stck_bsop_date", "stck_cntg_hour", "stck_prpr", "stck_oprc", "stck_hgpr", "stck_lwpr", "cntg_vol", "acml_tr_pbmn"]);
            Assert.Equal(KisWire.Yyyymmdd(KisWire.KstNow), r.Str("stck_bsop_date"));
            return r.Str("stck_cntg_hour");
        }).ToList();
        Assert.All(times, t => Assert.True(string.CompareOrdinal(t, "093000") <= 0, $"bar {t} is after 09:30:00"));
        Assert.Equal(times.OrderByDescending(t => t, StringComparer.Ordinal), times);
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(PaperConformanceCollection.Name)]
public sealed class OfficialSampleQuotePaperTests(PaperSimulator sim) : OfficialSampleQuoteConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class OfficialSampleQuoteRealTests(RealSimulator sim) : OfficialSampleQuoteConformance(sim);
