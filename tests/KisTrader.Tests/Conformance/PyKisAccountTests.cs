using System.Globalization;
using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// Account calls shaped exactly as Soju06/python-kis (commit 6fcde3fa) sends them: old order TR IDs (…0802U/0801U/0803U,
/// …8001R), no custtype, no EXCG_ID_DVSN_CD, lower-case ctx_area_fk100/nk100 query names, CANO/ACNT_PRDT_CD appended by
/// the account form. Answers checked for what python-kis parses.
/// </summary>
public abstract class PyKisAccountConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };
    protected readonly string Cano = ConformanceSimulator.NewAccount();
    protected bool Virtual => sim.IsPaper;

    protected async Task<PyKisClient> SignedInAsync()
    {
        var client = new PyKisClient(_http, ConformanceSimulator.NewApp());
        (await client.TokenIssueAsync()).AssertHttpOk();
        return client;
    }

    /// <summary>pykis/api/account/order.py domestic_order(): order-cash, api DOMESTIC_ORDER_API_CODES[(not virtual, order)],
    /// body {"PDNO", "ORD_DVSN", "ORD_QTY": str(int(qty)), "ORD_UNPR": str(price or 0)} + account form.</summary>
    protected Task<KisAnswer> OrderAsync(PyKisClient client, string order, string ordDvsn, int qty, decimal? price) =>
        client.FetchAsync("/uapi/domestic-stock/v1/trading/order-cash",
            (Virtual, order) switch { (true, "buy") => "VTTC0802U", (true, _) => "VTTC0801U", (false, "buy") => "TTTC0802U", _ => "TTTC0801U" },
            [new("PDNO", "005930"), new("ORD_DVSN", ordDvsn), new("ORD_QTY", qty.ToString(CultureInfo.InvariantCulture)),
             new("ORD_UNPR", (price ?? 0m).ToString("0", CultureInfo.InvariantCulture))],
            cano: Cano, post: true);

    protected async Task<decimal> LowerLimitAsync(PyKisClient client) =>
        (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-price", "FHKST01010100",
            [new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", "005930")])).AssertOk().Output.Dec("stck_llam");

    /// <summary>KisDomesticOrder: KRX_FWDG_ORD_ORGNO, ODNO, datetime.strptime(ORD_TMD, "%H%M%S").</summary>
    private static (string Branch, string Number) Parsed(KisAnswer a)
    {
        a.AssertOk();
        DateTime.ParseExact(a.Output.Str("ORD_TMD"), "HHmmss", CultureInfo.InvariantCulture);
        return (a.Output.Str("KRX_FWDG_ORD_ORGNO"), a.Output.Str("ODNO"));
    }

    [Fact]
    public async Task Balance_AsPyKisAsksWithInqrDvsn02_IsRefusedWithOpsq2001()
    {
        var client = await SignedInAsync();
        // pykis/api/account/balance.py domestic_balance(): INQR_DVSN "02" (refused by KIS since 2026-02-10: KIS_API.md §4.5,
        // python-kis issues #81/#82), form=[account, page].
        var a = await client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-balance", Virtual ? "VTTC8434R" : "TTTC8434R",
        [
            new("AFHR_FLPR_YN", "N"), new("OFL_YN", ""), new("INQR_DVSN", "02"), new("UNPR_DVSN", "01"), new("FUND_STTL_ICLD_YN", "Y"),
            new("FNCG_AMT_AUTO_RDPT_YN", "N"), new("PRCS_DVSN", "00"),
        ], cano: Cano, page: PyKisClient.Page.First);
        Assert.NotEqual("0", a.RtCd);
        Assert.Equal("OPSQ2001", a.MsgCd);
    }

    [Fact]
    public async Task OrderableAmount_AsPyKisAsks_AnswersWhatItParses()
    {
        var client = await SignedInAsync();
        // pykis/api/account/orderable_amount.py domestic_orderable_amount(): PDNO, ORD_UNPR "0" without a price, ORD_DVSN
        // (market "01"), CMA_EVLU_AMT_ICLD_YN "N", OVRS_ICLD_YN "N"; the account form appends CANO, ACNT_PRDT_CD.
        var a = (await client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-psbl-order", Virtual ? "VTTC8908R" : "TTTC8908R",
        [
            new("PDNO", "005930"), new("ORD_UNPR", "0"), new("ORD_DVSN", "01"), new("CMA_EVLU_AMT_ICLD_YN", "N"), new("OVRS_ICLD_YN", "N"),
        ], cano: Cano)).AssertOk();
        // KisDomesticOrderableAmount: psbl_qty_calc_unpr, ord_psbl_cash, max_buy_qty, ord_psbl_frcr_amt_wcrc.
        Assert.True(a.Output.Dec("psbl_qty_calc_unpr") > 0);
        Assert.True(a.Output.Dec("ord_psbl_cash") > 0);
        Assert.True(a.Output.Dec("max_buy_qty") > 0);
        a.Output.Dec("ord_psbl_frcr_amt_wcrc");
    }

    [Fact]
    public async Task OrderModifyCancel_WithTheOldTrIdsAndNoExchange_AreAcceptedAndListedInDailyOrders()
    {
        var client = await SignedInAsync();
        var lower = await LowerLimitAsync(client);
        var (branch, number) = Parsed(await OrderAsync(client, "buy", "00", 1, lower));

        // pykis/api/account/order_modify.py domestic_modify_order(): VTTC0803U/TTTC0803U, RVSE_CNCL_DVSN_CD "01",
        // ORD_QTY "0" and QTY_ALL_ORD_YN "Y" when no quantity is given.
        var (_, modified) = Parsed(await client.FetchAsync("/uapi/domestic-stock/v1/trading/order-rvsecncl", Virtual ? "VTTC0803U" : "TTTC0803U",
        [
            new("KRX_FWDG_ORD_ORGNO", branch), new("ORGN_ODNO", number), new("ORD_DVSN", "00"), new("RVSE_CNCL_DVSN_CD", "01"),
            new("ORD_QTY", "0"), new("ORD_UNPR", (lower + KisWire.KrxTick(lower)).ToString("0", CultureInfo.InvariantCulture)), new("QTY_ALL_ORD_YN", "Y"),
        ], cano: Cano, post: true));

        // domestic_cancel_order(): ORD_DVSN "00", RVSE_CNCL_DVSN_CD "02", ORD_QTY "0", ORD_UNPR "0", QTY_ALL_ORD_YN "Y".
        var (_, cancelled) = Parsed(await client.FetchAsync("/uapi/domestic-stock/v1/trading/order-rvsecncl", Virtual ? "VTTC0803U" : "TTTC0803U",
        [
            new("KRX_FWDG_ORD_ORGNO", branch), new("ORGN_ODNO", modified), new("ORD_DVSN", "00"), new("RVSE_CNCL_DVSN_CD", "02"),
            new("ORD_QTY", "0"), new("ORD_UNPR", "0"), new("QTY_ALL_ORD_YN", "Y"),
        ], cano: Cano, post: true));

        var numbers = (await DailyOrdersAsync(client)).Select(o => o.Str("odno").TrimStart('0')).ToList();
        Assert.Contains(number.TrimStart('0'), numbers);
        Assert.Contains(modified.TrimStart('0'), numbers);
        Assert.Contains(cancelled.TrimStart('0'), numbers);
    }

    [Fact]
    public async Task DailyOrders_WithoutExcgIdDvsnCd_PageWithLowerCaseCursorsUntilTheLast()
    {
        var client = await SignedInAsync();
        var lower = await LowerLimitAsync(client);
        // More orders than a paper page holds (15; real 100 — KIS_API.md §4.11), so paper answers at least two pages.
        var placed = new List<string>();
        for (var i = 0; i < 17; i++) placed.Add(Parsed(await OrderAsync(client, "buy", "00", 1, lower)).Number.TrimStart('0'));

        var rows = await DailyOrdersAsync(client);
        var numbers = rows.Select(o => o.Str("odno").TrimStart('0')).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(placed, n => Assert.Contains(n, numbers));
    }

    /// <summary>pykis/api/account/daily_order.py domestic_daily_orders(): DOMESTIC_DAILY_ORDERS_API_CODES (…8001R within 3
    /// months), its params (no EXCG_ID_DVSN_CD), form=[account, page(100)], continuous=not page.is_first; loops until
    /// the tr_cont response header says the last page. Every row checked for what KisDomesticDailyOrder parses.</summary>
    private async Task<List<JsonElement>> DailyOrdersAsync(PyKisClient client)
    {
        var today = KisWire.Yyyymmdd(KisWire.KstNow);
        var page = PyKisClient.Page.First;
        var rows = new List<JsonElement>();
        for (var n = 0; ; n++)
        {
            Assert.True(n < 20, "no last page after 20 pages");
            var a = (await client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-daily-ccld", Virtual ? "VTTC8001R" : "TTTC8001R",
            [
                new("INQR_STRT_DT", today), new("INQR_END_DT", today), new("SLL_BUY_DVSN_CD", "00"), new("INQR_DVSN", "00"), new("PDNO", ""),
                new("CCLD_DVSN", "00"), new("ORD_GNO_BRNO", ""), new("ODNO", ""), new("INQR_DVSN_3", "00"), new("INQR_DVSN_1", ""),
            ], cano: Cano, page: page, continuous: n > 0)).AssertOk();
            foreach (var r in a.Output1.EnumerateArray())
            {
                DateTime.ParseExact(r.Str("ord_dt") + r.Str("ord_tmd"), "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                // DOMESTIC_EXCHANGE_CODE_MAP[data["excg_dvsn_cd"]]: a KeyError for any other code.
                Assert.Contains(r.Str("excg_dvsn_cd"), new[] { "01", "02", "03", "04", "05", "06", "07", "21", "61", "64", "65", "81" });
                foreach (var f in new[] { "ord_unpr", "ord_qty", "tot_ccld_qty", "rmn_qty" }) r.Dec(f);
                r.Str("avg_prvs");
                r.Str("rjct_qty");
                r.Str("ord_gno_brno");
                r.Str("prdt_name");
                Assert.Contains(r.Str("sll_buy_dvsn_cd"), new[] { "01", "02" });
                rows.Add(r);
            }
            if (PyKisClient.IsLast(a)) return rows;
            page = PyKisClient.Page.From(a);
            Assert.False(string.IsNullOrWhiteSpace(page.Key) && string.IsNullOrWhiteSpace(page.Search), "more pages announced but an empty cursor");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(PaperConformanceCollection.Name)]
public sealed class PyKisAccountPaperTests(PaperSimulator sim) : PyKisAccountConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class PyKisAccountRealTests(RealSimulator sim) : PyKisAccountConformance(sim)
{
    [Fact]
    public async Task OrderProfit_AsPyKisAsks_AnswersTheSoldStockPerDay()
    {
        var client = await SignedInAsync();
        (await OrderAsync(client, "buy", "01", 1, null)).AssertOk();
        // A market sell may be refused until the buy has filled: retry it on a deadline (the fill is the condition).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        KisAnswer sell;
        while (true)
        {
            sell = await OrderAsync(client, "sell", "01", 1, null);
            if (sell.RtCd == "0" || DateTime.UtcNow > deadline) break;
            await Task.Delay(200);
        }
        sell.AssertOk();

        // pykis/api/account/order_profit.py domestic_order_profits(): TTTC8715R (real only: NotImplementedError when virtual),
        // {"SORT_DVSN": "00", "PDNO": "", "INQR_STRT_DT", "INQR_END_DT", "CBLC_DVSN": "00"}, form=[account, page(100)].
        var today = KisWire.Yyyymmdd(KisWire.KstNow);
        var rows = new List<JsonElement>();
        var page = PyKisClient.Page.First;
        for (var n = 0; ; n++)
        {
            Assert.True(n < 10, "no last page after 10 pages");
            var a = (await client.FetchAsync("/uapi/domestic-stock/v1/trading/inquire-period-trade-profit", "TTTC8715R",
            [
                new("SORT_DVSN", "00"), new("PDNO", ""), new("INQR_STRT_DT", today), new("INQR_END_DT", today), new("CBLC_DVSN", "00"),
            ], cano: Cano, page: page, continuous: n > 0)).AssertOk();
            rows.AddRange(a.Output1.EnumerateArray());
            if (PyKisClient.IsLast(a)) break;
            page = PyKisClient.Page.From(a);
        }
        // KisDomesticOrderProfit: strptime(trad_dt, "%Y%m%d"), pdno, prdt_name, pchs_unpr, sll_pric, sll_amt, sll_qty.
        var row = Assert.Single(rows);
        Assert.Equal(today, row.Str("trad_dt"));
        Assert.EndsWith("005930", row.Str("pdno").Trim());
        row.Str("prdt_name");
        Assert.True(row.Dec("pchs_unpr") > 0);
        Assert.True(row.Dec("sll_pric") > 0);
        Assert.Equal(row.Dec("sll_pric") * row.Dec("sll_qty"), row.Dec("sll_amt"));
        Assert.Equal(1m, row.Dec("sll_qty"));
    }
}
