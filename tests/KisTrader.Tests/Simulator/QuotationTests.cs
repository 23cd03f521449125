using System.Text.Json;
using KisTrader.Core.Market;
using KisTrader.Simulator;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>KIS_API.md §4.1–4.4, 4.13, 4.14 and the two table-only quote functions.</summary>
public sealed class QuotationTests
{
    [Fact]
    public async Task InquirePrice_ReportsPriceLimitsAndTickConsistentWithKrxRules()
    {
        await using var c = await StartAsync();
        c.Ticks(20);
        var r = await c.PriceAsync("005930");
        Assert.Equal(JsonValueKind.Object, r.Output.ValueKind);
        var price = D(r.S("stck_prpr"));
        var basePrice = D(r.S("stck_sdpr"));
        var limits = KrxRules.DailyLimits(basePrice, KrxMarket.Kospi);
        Assert.Equal(limits.Upper, D(r.S("stck_mxpr")));
        Assert.Equal(limits.Lower, D(r.S("stck_llam")));
        Assert.Equal(KrxRules.TickSize(price), D(r.S("aspr_unit")));
        Assert.Equal(price - basePrice, D(r.S("prdy_vrss")));
        Assert.True(L(r.S("acml_vol")) > 0);
        foreach (var field in new[] { "iscd_stat_cls_code", "prdy_vrss_sign", "prdy_ctrt", "stck_oprc", "stck_hgpr", "stck_lwpr", "w52_hgpr", "per", "pbr", "hts_avls" })
            Assert.False(string.IsNullOrEmpty(r.S(field)), field);
    }

    [Fact]
    public async Task UnknownCode_IsAZeroPriceAnswer_AndWrongMarketDivisionIsOpsq2001()
    {
        await using var c = await StartAsync();
        Assert.Equal("0", (await c.PriceAsync("999999")).S("stck_prpr"));
        var r = await c.GetAsync(QuotePath + "inquire-price", "FHKST01010100", [("FID_COND_MRKT_DIV_CODE", "X"), ("FID_INPUT_ISCD", "005930")]);
        Assert.Equal("OPSQ2001", r.MsgCd);
    }

    [Fact]
    public async Task InquireCcnl_ReturnsAtMost30RecentTicksNewestFirst()
    {
        await using var c = await StartAsync();
        c.Ticks(60);
        var r = await c.GetAsync(QuotePath + "inquire-ccnl", "FHKST01010300", [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930")]);
        var rows = r.Output.EnumerateArray().ToList();
        Assert.Equal(30, rows.Count);
        var hours = rows.Select(x => x.GetProperty("stck_cntg_hour").GetString()!).ToList();
        Assert.Equal(hours.OrderByDescending(h => h, StringComparer.Ordinal), hours);
        Assert.All(rows, x => Assert.True(L(x.GetProperty("cntg_vol").GetString()!) > 0));
        Assert.All(rows, x => Assert.False(string.IsNullOrEmpty(x.GetProperty("tday_rltv").GetString())));
    }

    [Theory]
    [InlineData("D")]
    [InlineData("W")]
    [InlineData("M")]
    public async Task InquireDailyPrice_Returns30RowsNewestFirst(string period)
    {
        await using var c = await StartAsync();
        var r = await c.GetAsync(QuotePath + "inquire-daily-price", "FHKST01010400",
            [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "000660"), ("FID_PERIOD_DIV_CODE", period), ("FID_ORG_ADJ_PRC", "0000000001")]);
        var dates = r.Output.EnumerateArray().Select(x => x.GetProperty("stck_bsop_date").GetString()!).ToList();
        Assert.Equal(30, dates.Count);
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        Assert.Equal("20261120", dates[0]);
    }

    [Fact]
    public async Task InquireDailyItemChartPrice_ReturnsOutput1ObjectAndAtMost100BarsNewestFirst()
    {
        await using var c = await StartAsync();
        var r = await c.GetAsync(QuotePath + "inquire-daily-itemchartprice", "FHKST03010100",
        [
            ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_DATE_1", "20250101"), ("FID_INPUT_DATE_2", "20261120"),
            ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "0"),
        ]);
        Assert.Equal(JsonValueKind.Object, r.Output1.ValueKind);
        Assert.Equal("삼성전자", r.Output1.GetProperty("hts_kor_isnm").GetString());
        var rows = r.Output2.EnumerateArray().ToList();
        Assert.Equal(100, rows.Count);
        Assert.Equal("20261120", rows[0].GetProperty("stck_bsop_date").GetString());
        foreach (var row in rows)
        {
            var (o, h, l, cl) = (D(row.GetProperty("stck_oprc").GetString()!), D(row.GetProperty("stck_hgpr").GetString()!),
                D(row.GetProperty("stck_lwpr").GetString()!), D(row.GetProperty("stck_clpr").GetString()!));
            Assert.True(h >= Math.Max(o, cl) && l <= Math.Min(o, cl));
        }

        var yearly = await c.GetAsync(QuotePath + "inquire-daily-itemchartprice", "FHKST03010100",
        [
            ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_DATE_1", "20210101"), ("FID_INPUT_DATE_2", "20261231"),
            ("FID_PERIOD_DIV_CODE", "Y"), ("FID_ORG_ADJ_PRC", "0"),
        ]);
        Assert.Equal(["2026", "2025", "2024", "2023", "2022", "2021"], yearly.Output2.EnumerateArray().Select(x => x.GetProperty("stck_bsop_date").GetString()![..4]));
    }

    [Fact]
    public async Task InquireTimeItemChartPrice_ReturnsTodaysMinuteBarsAtOrBeforeTheHour()
    {
        await using var c = await StartAsync();
        c.Ticks(400); // 200 seconds: four minutes
        var r = await c.GetAsync(QuotePath + "inquire-time-itemchartprice", "FHKST03010200",
            [("FID_ETC_CLS_CODE", ""), ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_HOUR_1", "100200"), ("FID_PW_DATA_INCU_YN", "Y")]);
        var hours = r.Output2.EnumerateArray().Select(x => x.GetProperty("stck_cntg_hour").GetString()).ToList();
        // Up to 30 bars, newest first, minute by minute: the always-open day has traded since 00:00, not only since the start.
        var expected = Enumerable.Range(0, 30).Select(i => new TimeOnly(10, 2).AddMinutes(-i).ToString("HHmm") + "00").ToList<string?>();
        Assert.Equal(expected, hours);
        Assert.Equal(JsonValueKind.Object, r.Output1.ValueKind);
    }

    [Fact]
    public async Task AskingPrice_HasTenLevelsASideOnTheTickGrid()
    {
        await using var c = await StartAsync();
        var r = await c.AskingAsync("035720");
        var book = r.Output1;
        var asks = Enumerable.Range(1, 10).Select(k => D(book.GetProperty($"askp{k}").GetString()!)).ToList();
        var bids = Enumerable.Range(1, 10).Select(k => D(book.GetProperty($"bidp{k}").GetString()!)).ToList();
        Assert.Equal(asks.Order(), asks);
        Assert.Equal(bids.OrderDescending(), bids);
        Assert.True(asks[0] > bids[0]);
        Assert.All(asks.Concat(bids), p => Assert.True(KrxRules.IsOnTick(p)));
        Assert.All(Enumerable.Range(1, 10), k => Assert.True(L(book.GetProperty($"askp_rsqn{k}").GetString()!) > 0));
    }

    [Fact]
    public async Task Rankings_InRealMode_RankByVolumeAndByChangeRate()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        c.Ticks(30);
        var volume = await c.GetAsync(QuotePath + "volume-rank", "FHPST01710000",
        [
            ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_COND_SCR_DIV_CODE", "20171"), ("FID_INPUT_ISCD", "0000"), ("FID_DIV_CLS_CODE", "0"),
            ("FID_BLNG_CLS_CODE", "0"), ("FID_TRGT_CLS_CODE", "111111111"), ("FID_TRGT_EXLS_CLS_CODE", "0000000000"),
            ("FID_INPUT_PRICE_1", ""), ("FID_INPUT_PRICE_2", ""), ("FID_VOL_CNT", ""), ("FID_INPUT_DATE_1", ""),
        ]);
        var vols = volume.Output.EnumerateArray().Select(x => L(x.GetProperty("acml_vol").GetString()!)).ToList();
        Assert.InRange(vols.Count, 2, 30);
        Assert.Equal(vols.OrderDescending(), vols);

        var fluct = await c.GetAsync("/uapi/domestic-stock/v1/ranking/fluctuation", "FHPST01700000",
        [
            ("fid_cond_mrkt_div_code", "J"), ("fid_cond_scr_div_code", "20170"), ("fid_input_iscd", "1001"), ("fid_rank_sort_cls_code", "0"),
            ("fid_input_cnt_1", "0"), ("fid_prc_cls_code", "1"), ("fid_input_price_1", ""), ("fid_input_price_2", ""), ("fid_vol_cnt", ""),
            ("fid_trgt_cls_code", "0"), ("fid_trgt_exls_cls_code", "0"), ("fid_div_cls_code", "0"), ("fid_rsfl_rate1", ""), ("fid_rsfl_rate2", ""),
        ]);
        var rates = fluct.Output.EnumerateArray().Select(x => D(x.GetProperty("prdy_ctrt").GetString()!)).ToList();
        Assert.Equal(rates.OrderDescending(), rates);
        Assert.Equal(5, rates.Count); // the KOSDAQ part of the default universe
    }
}
