using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Kis;
using KisTrader.Kis.Dto;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>Real-only KIS functions fall back to computed figures in paper and the simulator, and say so.</summary>
public sealed class KisFallbackTests
{
    [Fact]
    public async Task SellableQuantity_InPaper_IsComputedFromTheBalance()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquireBalanceDto.Path, Reply.Ok(Golden.Text("inquire_balance")));
        await using var client = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Paper }.Create();

        var sellable = await client.Account.GetSellableQuantityAsync("005930");

        Assert.Equal(new SellableQuantity("005930", 10, DataSource.Computed), sellable);
        Assert.Equal(0, server.Count(InquirePsblSellDto.Path));
    }

    [Fact]
    public async Task SellableQuantity_InReal_ComesFromTheBroker()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquirePsblSellDto.Path, Reply.Ok(Golden.Text("inquire_psbl_sell")));
        await using var client = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Real }.Create();

        Assert.Equal(new SellableQuantity("005930", 7, DataSource.Broker), await client.Account.GetSellableQuantityAsync("005930"));
        Assert.Equal("TTTC8408R", server.RequestsTo(InquirePsblSellDto.Path).Single().Header("tr_id"));
    }

    [Fact]
    public async Task OpenOrders_InPaper_AreTodaysUnfilledOrdersFromDailyCcld()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquireDailyCcldDto.Path, Reply.Ok(Golden.Text("inquire_daily_ccld")));
        await using var client = new KisTestClient { Server = server }.Create();

        var open = await client.Account.GetOpenOrdersAsync();

        Assert.Equal(DataSource.Computed, open.Source);
        var order = Assert.Single(open.Orders);
        Assert.Equal("0001569158", order.OrderId.OrderNo);
        Assert.Equal(3, order.CancellableQuantity);
        var request = server.RequestsTo(InquireDailyCcldDto.Path).Single();
        Assert.Equal("02", request.Query["CCLD_DVSN"]);
        Assert.Equal(0, server.Count(InquirePsblRvseCnclDto.Path));
    }

    [Fact]
    public async Task OpenOrders_InReal_ComeFromPsblRvseCncl()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquirePsblRvseCnclDto.Path, Reply.Ok(Golden.Text("inquire_psbl_rvsecncl")));
        await using var client = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Real }.Create();

        var open = await client.Account.GetOpenOrdersAsync();

        Assert.Equal(DataSource.Broker, open.Source);
        Assert.Equal(3, Assert.Single(open.Orders).CancellableQuantity);
    }

    [Fact]
    public async Task PeriodProfit_InPaper_IsComputedFromOurFillsWithCostsAndTax()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.On(InquireDailyCcldDto.Path, (_, _) => Reply.Ok(Golden.Text("inquire_daily_ccld")));
        server.On(InquireBalanceDto.Path, (_, _) => Reply.Ok(Golden.Text("inquire_balance")));
        await using var client = new KisTestClient { Server = server }.Create();

        var profit = await client.Account.GetPeriodProfitAsync(new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 13));

        Assert.Equal(DataSource.Computed, profit.Source);
        Assert.Equal(0, server.Count(InquirePeriodProfitDto.Path));
        // 6/12 buy 10 for 718,500 (commission 107). 6/13 sell 2 for 145,000: cost 2/10 of 718,607,
        // commission 21, 2023 sell tax 0.20% = 290 → 145,000 − 143,721.4 − 21 − 290 = 967.6 → 968.
        Assert.Equal([new DailyProfit(new DateOnly(2023, 6, 12), 718500m, 0m, 0m, 107m, 0m), new DailyProfit(new DateOnly(2023, 6, 13), 0m, 145000m, 968m, 21m, 290m)], profit.Days);
    }

    [Fact]
    public async Task Rankings_InPaper_AreComputedFromTheRealtimeUniverse()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        var ticks = new TickCache();
        ticks.Update(TickOf("005930", 71900m, 1.2m, 3_000_000));
        ticks.Update(TickOf("000660", 126000m, -1.95m, 2_000_000));
        ticks.Update(TickOf("035420", 200000m, 3.5m, 500_000));
        await using var client = new KisTestClient { Server = server, Ticks = ticks }.Create();

        var volume = await client.MarketData.GetRankingAsync(RankingKind.Volume, 2);
        var gainers = await client.MarketData.GetRankingAsync(RankingKind.Gainers);
        var losers = await client.MarketData.GetRankingAsync(RankingKind.Losers);

        Assert.All([volume, gainers, losers], r => Assert.Equal(DataSource.Computed, r.Source));
        Assert.Equal(["005930", "000660"], volume.Entries.Select(e => e.Ticker));
        Assert.Equal(["035420", "005930"], gainers.Entries.Select(e => e.Ticker));
        Assert.Equal(["000660"], losers.Entries.Select(e => e.Ticker));
        Assert.Equal([1, 2], gainers.Entries.Select(e => e.Rank));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Rankings_InReal_ComeFromTheBroker()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(VolumeRankDto.Path, Reply.Ok(Golden.Text("volume_rank")));
        server.OnSequence(FluctuationDto.Path, Reply.Ok(Golden.Text("fluctuation")));
        await using var client = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Real }.Create();

        var volume = await client.MarketData.GetRankingAsync(RankingKind.Volume);
        var losers = await client.MarketData.GetRankingAsync(RankingKind.Losers);

        Assert.Equal(DataSource.Broker, volume.Source);
        Assert.Equal("005930", volume.Entries[0].Ticker);
        Assert.Equal("20171", server.RequestsTo(VolumeRankDto.Path).Single().Query["FID_COND_SCR_DIV_CODE"]);
        Assert.Equal("1", server.RequestsTo(FluctuationDto.Path).Single().Query["fid_rank_sort_cls_code"]);
        Assert.Equal(DataSource.Broker, losers.Source);
    }

    [Fact]
    public async Task RealOnlyFunctions_InPaper_ThrowWithoutCallingKis()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        await using var client = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Paper }.Create();

        Assert.Equal("inquire_account_balance", (await Assert.ThrowsAsync<KisRealOnlyException>(() => client.Api.InquireAccountBalanceAsync())).Function);
        await Assert.ThrowsAsync<KisRealOnlyException>(() => client.Api.VolumeRankAsync());
        Assert.Empty(server.Requests);
    }

    private static Tick TickOf(string ticker, decimal price, decimal rate, long volume) =>
        new(ticker, DateTimeOffset.UtcNow, price, price * rate / 100, rate, price, price, price, 1, volume, volume * price, price, price, 100m, Side.Buy, false);
}
