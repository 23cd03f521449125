using System.Globalization;
using System.Text.Json.Nodes;
using KisTrader.Core.Errors;
using KisTrader.Core.Market;
using KisTrader.Kis;
using KisTrader.Kis.Dto;
using KisTrader.Kis.Rest;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>tr_cont/ctx_area paging, the windowed daily chart, and the older-orders TR.</summary>
public sealed class KisPagingTests
{
    private static readonly string Fk1 = "PAGE1FK^01^N^".PadRight(100);
    private static readonly string Nk1 = "PAGE1NK^0001569157^".PadRight(100);

    private static string BalancePage(string ticker, string fk, string nk)
    {
        var root = JsonNode.Parse(Golden.Text("inquire_balance"))!.AsObject();
        root["ctx_area_fk100"] = fk;
        root["ctx_area_nk100"] = nk;
        root["output1"]![0]!["pdno"] = ticker;
        return root.ToJsonString();
    }

    [Fact]
    public async Task Balance_FollowsTrContAndFeedsCtxAreaBackUnchanged()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquireBalanceDto.Path, Reply.Ok(BalancePage("005930", Fk1, Nk1), "M"), Reply.Ok(BalancePage("035420", "END".PadRight(100), "".PadRight(100)), "D"));
        await using var client = new KisTestClient { Server = server }.Create();

        var balance = await client.Account.GetBalanceAsync();

        Assert.Equal(["005930", "035420"], balance.Holdings.Select(h => h.Ticker));
        var requests = server.RequestsTo(InquireBalanceDto.Path);
        Assert.Equal(2, requests.Count);
        Assert.Equal("", requests[0].Header("tr_cont"));
        Assert.Equal("", requests[0].Query["CTX_AREA_FK100"]);
        Assert.Equal("N", requests[1].Header("tr_cont"));
        Assert.Equal(Fk1, requests[1].Query["CTX_AREA_FK100"]);
        Assert.Equal(Nk1, requests[1].Query["CTX_AREA_NK100"]);
        Assert.All(requests, r => Assert.Equal("VTTC8434R", r.Header("tr_id")));
        Assert.All(requests, r => Assert.Equal("01", r.Query["INQR_DVSN"]));
    }

    [Fact]
    public async Task Paging_FollowsFAsWellAsM_AndTheFk200Variant()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        var page = JsonNode.Parse(Golden.Text("inquire_period_profit"))!.AsObject();
        page.Remove("ctx_area_fk100");
        page.Remove("ctx_area_nk100");
        page["ctx_area_fk200"] = "FK200".PadRight(200);
        page["ctx_area_nk200"] = "NK200".PadRight(200);
        server.OnSequence(InquirePeriodProfitDto.Path, Reply.Ok(page.ToJsonString(), "F"), Reply.Ok(Golden.Text("inquire_period_profit"), "E"));
        await using var client = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Real }.Create();

        var profit = await client.Account.GetPeriodProfitAsync(new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 13));

        Assert.Equal(DataSource.Broker, profit.Source);
        Assert.Equal(4, profit.Days.Count);
        var second = server.RequestsTo(InquirePeriodProfitDto.Path)[1];
        Assert.Equal("FK200".PadRight(200), second.Query["CTX_AREA_FK200"]);
        Assert.Equal("N", second.Header("tr_cont"));
    }

    [Fact]
    public async Task Paging_StopsWithAnErrorAfterMaxPages()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquireBalanceDto.Path, Reply.Ok(BalancePage("005930", Fk1, Nk1), "M"));
        await using var client = new KisTestClient
        {
            Server = server,
            Settings = new KisResilienceSettings { MaxPages = 5, RateLimitBurst = 1000, MinimumThroughput = 1000 },
        }.Create();

        await Assert.ThrowsAsync<TradingSystemException>(() => client.Account.GetBalanceAsync());
        Assert.Equal(5, server.Count(InquireBalanceDto.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DailyBars_CoverATwoYearRangeWithSeveralWindows_OldestFirstWithoutDuplicates(bool kisFillsFromNewest)
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.On(DailyItemChartPriceDto.Path, (r, _) => Reply.Ok(ChartWindow(r, kisFillsFromNewest)));
        await using var client = new KisTestClient { Server = server }.Create();
        var from = new DateOnly(2023, 1, 2);
        var to = new DateOnly(2024, 12, 31);

        var bars = await client.MarketData.GetBarsAsync("005930", from, to);

        var expected = Weekdays(from, to).ToList();
        Assert.Equal(expected, bars.Select(b => b.Date));
        Assert.True(server.Count(DailyItemChartPriceDto.Path) >= 6, $"{server.Count(DailyItemChartPriceDto.Path)} calls");
        Assert.All(server.RequestsTo(DailyItemChartPriceDto.Path), r => Assert.Equal("D", r.Query["FID_PERIOD_DIV_CODE"]));
    }

    /// <summary>What KIS is assumed to do: the rows of the window, at most 100, newest first.</summary>
    private static string ChartWindow(RecordedRequest request, bool fromNewest)
    {
        var from = DateOnly.ParseExact(request.Query["FID_INPUT_DATE_1"], "yyyyMMdd", CultureInfo.InvariantCulture);
        var to = DateOnly.ParseExact(request.Query["FID_INPUT_DATE_2"], "yyyyMMdd", CultureInfo.InvariantCulture);
        var days = Weekdays(from, to).ToList();
        var chosen = (fromNewest ? days.TakeLast(100) : days.Take(100)).Reverse();
        var rows = new JsonArray(chosen.Select(d => (JsonNode)new JsonObject
        {
            ["stck_bsop_date"] = d.ToString("yyyyMMdd"), ["stck_clpr"] = "71900", ["stck_oprc"] = "71000", ["stck_hgpr"] = "72000",
            ["stck_lwpr"] = "70500", ["acml_vol"] = "1000", ["acml_tr_pbmn"] = "71900000", ["flng_cls_code"] = "00", ["prtt_rate"] = "0.00",
            ["mod_yn"] = "N", ["prdy_vrss_sign"] = "3", ["prdy_vrss"] = "0", ["revl_issu_reas"] = "",
        }).ToArray());
        return new JsonObject { ["output1"] = new JsonObject(), ["output2"] = rows, ["rt_cd"] = "0", ["msg_cd"] = "MCA00000", ["msg1"] = "정상처리 되었습니다." }.ToJsonString();
    }

    private static IEnumerable<DateOnly> Weekdays(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday) yield return d;
    }

    [Fact]
    public async Task DailyCcld_SplitsTheRangeAtThreeMonths_UsingTheOlderOrdersTrForTheOldPart()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.On(InquireDailyCcldDto.Path, (_, _) => Reply.Ok(Golden.Text("inquire_daily_ccld")));
        await using var client = new KisTestClient { Server = server }.Create();
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToKst().DateTime);
        var cutoff = today.AddMonths(-3);

        var orders = await client.Account.GetOrdersAsync(today.AddMonths(-6), today);

        var requests = server.RequestsTo(InquireDailyCcldDto.Path);
        Assert.Equal(["VTSC9215R", "VTTC0081R"], requests.Select(r => r.Header("tr_id")));
        Assert.Equal(cutoff.AddDays(-1).ToString("yyyyMMdd"), requests[0].Query["INQR_END_DT"]);
        Assert.Equal(cutoff.ToString("yyyyMMdd"), requests[1].Query["INQR_STRT_DT"]);
        Assert.Equal(2, orders.Count); // the same two rows from both TRs are de-duplicated
    }
}
