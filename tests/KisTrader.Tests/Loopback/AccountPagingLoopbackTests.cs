using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>tr_cont paging of inquire_balance (paper page 20) and inquire_daily_ccld (paper page 15), and the paper
/// period-profit fallback, over loopback.</summary>
public sealed class AccountPagingLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private static async Task<List<OrderSubmission>> BuyOneOfEachAsync(LoopbackClient c, int count)
    {
        var submissions = new List<OrderSubmission>();
        for (var i = 0; i < count; i++)
            submissions.Add(await c.Client.Orders.PlaceAsync(new OrderRequest(LoopbackUniverse.Liquid(i), Side.Buy, OrderPriceType.Market, 1 + i % 3, null)));
        Assert.All(submissions, s => Assert.Equal(SubmissionStatus.Accepted, s.Status));
        return submissions;
    }

    [Fact]
    public async Task InquireBalance_With25Holdings_ReadsEveryPage()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        await BuyOneOfEachAsync(c, 25);

        var balance = await c.Client.Account.GetBalanceAsync();

        Assert.True(c.Wire.Exchanges.Count(e => e.TrId == "VTTC8434R") >= 2, "25 holdings need two paper pages of 20");
        Assert.Equal(Enumerable.Range(0, 25).Select(LoopbackUniverse.Liquid).Order(StringComparer.Ordinal), balance.Holdings.Select(h => h.Ticker).Order(StringComparer.Ordinal));
        Assert.All(balance.Holdings, h => Assert.Equal(1 + int.Parse(h.Ticker[^2..]) % 3, h.Quantity));
        Assert.Equal(balance.Holdings.Sum(h => h.PurchaseAmount), balance.PurchaseAmountTotal);
    }

    [Fact]
    public async Task InquireDailyCcld_With25Orders_ReadsEveryPageOldestFirst()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var submissions = await BuyOneOfEachAsync(c, 25);
        var today = sim.Host.TradingDate();

        var orders = await c.Client.Account.GetOrdersAsync(today, today);

        Assert.True(c.Wire.Exchanges.Count(e => e.TrId == "VTTC0081R") >= 2, "25 orders need two paper pages of 15");
        Assert.Equal(submissions.Select(s => s.OrderId!.OrderNo), orders.Select(o => o.OrderNo));
        Assert.All(orders, o => Assert.Equal(o.Quantity, o.FilledQuantity));
    }

    [Fact]
    public async Task PeriodProfit_InPaper_IsComputedFromFillsWithCommissionAndTax()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(9);
        var market = sim.Host.Exchange.Instrument(code)!.Market;
        var today = sim.Host.TradingDate();
        var buy = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 10, null));
        var sell = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Sell, OrderPriceType.Market, 10, null));
        var orders = await c.Client.Account.GetOrdersAsync(today, today);
        var bought = orders.Single(o => o.OrderNo == buy.OrderId!.OrderNo);
        var sold = orders.Single(o => o.OrderNo == sell.OrderId!.OrderNo);

        var profit = await c.Client.Account.GetPeriodProfitAsync(today, today);

        Assert.Equal(DataSource.Computed, profit.Source);
        var day = Assert.Single(profit.Days);
        Assert.Equal((today, bought.FilledAmount, sold.FilledAmount), (day.Date, day.BuyAmount, day.SellAmount));
        var costs = new TradingCosts();
        // KIS_API.md §9: sell amount − buy amount − commissions − tax.
        Assert.Equal(costs.RoundTripPnl(bought.FilledAmount, sold.FilledAmount, market, today), day.RealizedPnl);
        Assert.Equal(costs.SellTax(sold.FilledAmount, market, today), day.Tax);
    }
}
