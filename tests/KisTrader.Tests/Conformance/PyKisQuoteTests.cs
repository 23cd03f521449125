using System.Globalization;
using System.Net;
using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// Quotes, charts and stock information requested exactly as Soju06/python-kis (commit 6fcde3fa) requests them — no
/// <c>custtype</c> header, python-kis's own parameter values — and the answers checked for what python-kis then parses
/// (its response classes raise on a missing or malformed field). In paper mode python-kis sends these to the real host
/// (<c>domain="real"</c>) except the order book; the paper run checks that a paper simulator answers them alike.
/// </summary>
public abstract class PyKisQuoteConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };

    protected async Task<PyKisClient> SignedInAsync()
    {
        var client = new PyKisClient(_http, ConformanceSimulator.NewApp());
        var token = await client.TokenIssueAsync();
        // pykis/api/auth/token.py KisAccessToken: access_token, token_type, access_token_token_expired ("%Y-%m-%d %H:%M:%S"),
        // expires_in (KisInt).
        Assert.Equal(HttpStatusCode.OK, token.Status);
        DateTime.ParseExact(token.Body.Str("access_token_token_expired"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.Equal("Bearer", token.Body.Str("token_type"));
        Assert.True(token.Body.GetProperty("expires_in").ValueKind is JsonValueKind.Number or JsonValueKind.String);
        return client;
    }

    /// <summary>pykis/api/stock/quote.py domestic_quote(): FHKST01010100 with {"FID_COND_MRKT_DIV_CODE": "J",
    /// "FID_INPUT_ISCD": symbol}, domain="real".</summary>
    protected static Task<KisAnswer> QuoteAsync(PyKisClient client, string symbol) =>
        client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-price", "FHKST01010100",
            [new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", symbol)]);

    [Fact]
    public async Task Quote_WithoutCusttype_AnswersEverythingKisDomesticQuoteParses()
    {
        var client = await SignedInAsync();
        var a = (await QuoteAsync(client, "005930")).AssertOk();

        // KisDomesticQuote: KisString/KisDecimal/KisInt/KisBool fields and its maps.
        var o = a.Output;
        Assert.Equal("005930", o.Str("stck_shrn_iscd"));
        foreach (var f in new[] { "stck_prpr", "acml_tr_pbmn", "hts_avls", "prdy_vrss_vol_rate", "prdy_vrss", "stck_oprc", "stck_hgpr", "stck_lwpr",
                     "stck_mxpr", "stck_llam", "stck_sdpr", "aspr_unit", "eps", "bps", "per", "pbr", "w52_hgpr", "w52_lwpr" })
            o.Dec(f);
        o.Long("acml_vol");
        o.Str("bstp_kor_isnm");
        Assert.Contains(o.Str("prdy_vrss_sign"), new[] { "0", "1", "2", "3", "4", "5" }); // STOCK_SIGN_TYPE_MAP
        Assert.Contains(o.Str("mrkt_warn_cls_code"), new[] { "00", "01", "02", "03" });   // STOCK_RISK_TYPE_MAP
        Assert.Contains(o.Str("temp_stop_yn"), new[] { "Y", "N" });                        // KisBool: "" raises
        Assert.Contains(o.Str("short_over_yn"), new[] { "Y", "N" });
        DateTime.ParseExact(o.Str("w52_hgpr_date"), "yyyyMMdd", CultureInfo.InvariantCulture);
        DateTime.ParseExact(o.Str("w52_lwpr_date"), "yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.NotEqual("0", o.Str("stck_prpr"));
    }

    [Fact]
    public async Task Quote_OfAnUnknownCode_AnswersSuccessWithAZeroPrice()
    {
        var client = await SignedInAsync();
        // python-kis detects "no such stock" from a successful answer: KisDomesticQuote.__pre_init__
        // `if data["output"]["stck_prpr"] == "0": raise_not_found(...)`, and pykis/api/stock/info.py quotable_market()
        // `if not int(...output.stck_prpr): continue`. An rt_cd other than 0 would surface as KisAPIError instead.
        var a = (await QuoteAsync(client, "999999")).AssertOk();
        Assert.Equal(0m, a.Output.Dec("stck_prpr"));
    }

    [Fact]
    public async Task Orderbook_AsPyKisAsks_AnswersTheLevelsItReads()
    {
        var client = await SignedInAsync();
        // pykis/api/stock/order_book.py domestic_orderbook(): FHKST01010200, {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD"}.
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-asking-price-exp-ccn", "FHKST01010200",
            [new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930")])).AssertOk();
        // KisDomesticOrderbook: Decimal(x[f"askp{i}"]), int(x[f"askp_rsqn{i}"]) for i in 1..10, both sides.
        for (var i = 1; i <= 10; i++)
        {
            a.Output1.Dec($"askp{i}");
            a.Output1.Long($"askp_rsqn{i}");
            a.Output1.Dec($"bidp{i}");
            a.Output1.Long($"bidp_rsqn{i}");
        }
    }

    [Fact]
    public async Task DailyChart_FromDate00000101_AnswersFromTheEarliestBarAndPagesBackToAnEmptyPage()
    {
        var client = await SignedInAsync();
        // pykis/api/stock/daily_chart.py domestic_daily_chart() with no start: FID_INPUT_DATE_1 "00000101", FID_INPUT_DATE_2 the
        // cursor (today, then the day before the oldest bar so far), FID_ORG_ADJ_PRC "1" (adjust=False), domain="real";
        // it stops on a page without bars.
        var cursor = KisWire.KstNow.Date;
        var all = new List<string>();
        var pages = 0;
        while (true)
        {
            Assert.True(++pages <= 40, "python-kis would page on and on: no empty page after 40 pages");
            var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice", "FHKST03010100",
            [
                new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930"), new("FID_INPUT_DATE_1", "00000101"),
                new("FID_INPUT_DATE_2", KisWire.Yyyymmdd(cursor)), new("FID_PERIOD_DIV_CODE", "D"), new("FID_ORG_ADJ_PRC", "1"),
            ])).AssertOk();
            // KisDomesticDailyChart.__pre_init__: output1.stck_prpr "0" means not found; output2 is filtered of empty objects.
            Assert.NotEqual("0", a.Output1.Str("stck_prpr"));
            var bars = a.Output2.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object && x.EnumerateObject().Any()).ToList();
            if (bars.Count == 0) break;
            if (pages == 1) Assert.Equal(100, bars.Count);
            var dates = bars.Select(b =>
            {
                foreach (var f in new[] { "stck_oprc", "stck_clpr", "stck_hgpr", "stck_lwpr", "acml_tr_pbmn", "prdy_vrss", "prtt_rate" }) b.Dec(f);
                b.Long("acml_vol");
                Assert.Contains(b.Str("prdy_vrss_sign"), new[] { "0", "1", "2", "3", "4", "5" });
                return b.Str("stck_bsop_date");
            }).ToList();
            Assert.All(dates, d => Assert.True(string.CompareOrdinal(d, KisWire.Yyyymmdd(cursor)) <= 0, $"bar {d} after FID_INPUT_DATE_2 {KisWire.Yyyymmdd(cursor)}"));
            Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
            all.AddRange(dates);
            cursor = DateTime.ParseExact(dates[^1], "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(-1);
        }
        Assert.True(all.Count > 100, $"only {all.Count} bars from the beginning");
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task MinuteChart_FromHour000000_AnswersTheNewestBars()
    {
        await KisWire.UntilTodayHasMinuteBarsAsync();
        var client = await SignedInAsync();
        // pykis/api/stock/day_chart.py domestic_day_chart(): first page FID_INPUT_HOUR_1 = time.strftime(cursor or time(0, 0, 0))
        // = "000000", meaning "latest"; FID_PW_DATA_INCU_YN "N", FID_ETC_CLS_CODE "" first in the dict; domain="real".
        async Task<List<JsonElement>> PageAsync(string hour)
        {
            var a = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-time-itemchartprice", "FHKST03010200",
            [
                new("FID_ETC_CLS_CODE", ""), new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930"),
                new("FID_INPUT_HOUR_1", hour), new("FID_PW_DATA_INCU_YN", "N"),
            ])).AssertOk();
            Assert.NotEqual("0", a.Output1.Str("stck_prpr")); // KisDomesticDayChart.__pre_init__
            a.Output1.Dec("stck_prdy_clpr");
            return a.Output2.EnumerateArray().ToList();
        }

        var before = KisWire.KstNow;
        var first = await PageAsync("000000");
        Assert.True(first.Count > 1, $"{first.Count} bar(s) for 000000: not the latest page");
        // KisDomesticDayChartBar.time = strptime(stck_bsop_date + stck_cntg_hour, "%Y%m%d%H%M%S").
        var newest = DateTime.ParseExact(first[0].Str("stck_bsop_date") + first[0].Str("stck_cntg_hour"), "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        Assert.True(newest >= before.AddMinutes(-2), $"the newest bar of the 000000 page is {newest:HH:mm:ss}, now is {before:HH:mm:ss} KST");

        // The next page python-kis asks for: one minute before the oldest bar so far; all of it older.
        var oldest = DateTime.ParseExact(first[^1].Str("stck_cntg_hour"), "HHmmss", CultureInfo.InvariantCulture);
        var next = await PageAsync(oldest.AddMinutes(-1).ToString("HHmmss", CultureInfo.InvariantCulture));
        Assert.All(next, b => Assert.True(string.CompareOrdinal(b.Str("stck_cntg_hour"), first[^1].Str("stck_cntg_hour")) < 0));
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(PaperConformanceCollection.Name)]
public sealed class PyKisQuotePaperTests(PaperSimulator sim) : PyKisQuoteConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class PyKisQuoteRealTests(RealSimulator sim) : PyKisQuoteConformance(sim)
{
    /// <summary>pykis/api/stock/info.py info(): search-info CTPF1604R with {"PDNO": symbol, "PRDT_TYPE_CD": "300"}, always on
    /// the real domain (so only against the simulator in real mode).</summary>
    private static Task<KisAnswer> SearchInfoAsync(PyKisClient client, string symbol) =>
        client.FetchAsync("/uapi/domestic-stock/v1/quotations/search-info", "CTPF1604R", [new("PDNO", symbol), new("PRDT_TYPE_CD", "300")]);

    [Fact]
    public async Task SearchInfo_AsPyKisAsks_AnswersTheProductFieldsItBuildsAStockFrom()
    {
        var client = await SignedInAsync();
        var a = (await SearchInfoAsync(client, "000660")).AssertOk();

        // _KisStockInfo: shtn_pdno, std_pdno, prdt_abrv_name, prdt_name120, prdt_eng_abrv_name, prdt_eng_name120,
        // prdt_type_cd (a key of MARKET_CODE_MAP); chk_search_info.py COLUMN_MAPPING adds pdno and the rest.
        var o = a.Output;
        o.HasFields(["pdno", "prdt_type_cd", "std_pdno", "shtn_pdno", "prdt_abrv_name", "prdt_name120", "prdt_eng_abrv_name", "prdt_eng_name120"]);
        Assert.Equal("000660", o.Str("shtn_pdno"));
        Assert.Equal("300", o.Str("prdt_type_cd"));
        Assert.Matches("^KR7000660[0-9]{3}$", o.Str("std_pdno")); // the ISIN of a KRX share: KR7 + code + 2 + check digit
        // The name is the one the daily chart gives (hts_kor_isnm).
        var chart = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice", "FHKST03010100",
        [
            new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "000660"), new("FID_INPUT_DATE_1", "00000101"),
            new("FID_INPUT_DATE_2", KisWire.Yyyymmdd(KisWire.KstNow)), new("FID_PERIOD_DIV_CODE", "D"), new("FID_ORG_ADJ_PRC", "1"),
        ])).AssertOk();
        Assert.Equal(chart.Output1.Str("hts_kor_isnm"), o.Str("prdt_abrv_name"));
    }

    [Fact]
    public async Task SearchInfo_OfAnUnknownCode_AnswersRtCd7()
    {
        var client = await SignedInAsync();
        // info(): `except KisAPIError as e: if e.rt_cd == 7: # 조회된 데이터가 없는 경우` — the next product type is tried,
        // then KisNotFoundError.
        // PyKis.request() raises KisHTTPError on any non-2xx status first, so the answer must be HTTP 200.
        var a = await SearchInfoAsync(client, "999999");
        Assert.Equal(HttpStatusCode.OK, a.Status);
        Assert.Equal("7", a.RtCd);
    }
}
