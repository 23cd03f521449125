using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>The real-only functions (inquire_account_balance, inquire_psbl_sell, inquire_psbl_rvsecncl,
/// inquire_period_profit, volume_rank, fluctuation) of the client in the real environment against the simulator in
/// real mode.</summary>
public sealed class RealModeLoopbackTests(RealSimulatorFixture sim) : IClassFixture<RealSimulatorFixture>
{
    private static readonly TradingCosts Costs = new();

    [Fact]
    public async Task InquireAccountBalance_AddsHoldingsAndCashToTotalAssets()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var buy = await c.Client.Orders.PlaceAsync(new OrderRequest(LoopbackUniverse.Liquid(2), Side.Buy, OrderPriceType.Market, 10, null));
        Assert.Equal(SubmissionStatus.Accepted, buy.Status);

        var assets = await c.Api.InquireAccountBalanceAsync();
        var balance = await c.Client.Account.GetBalanceAsync();

        Assert.Equal(20, assets.Classes.Count);
        var stock = assets.Classes[0];
        Assert.Equal(balance.PurchaseAmountTotal, stock.PurchaseAmount);
        Assert.Equal(balance.Cash, assets.Deposit);
        Assert.Equal(assets.EvaluationAmountTotal + assets.Deposit, assets.TotalAssets);
        Assert.Equal(assets.PurchaseAmountTotal, Assert.Single(balance.Holdings).PurchaseAmount);
    }

    [Fact]
    public async Task InquirePsblSell_IsTheBrokersSellableQuantityNetOfOpenSells()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(3);
        await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 7, null));
        var sellable = await c.Client.Account.GetSellableQuantityAsync(code);
        Assert.Equal((code, 7L, DataSource.Broker), (sellable.Ticker, sellable.Quantity, sellable.Source));

        var quote = await c.Api.InquirePriceAsync(code);
        await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Sell, OrderPriceType.Limit, 3, quote.UpperLimit));
        Assert.Equal(4, (await c.Client.Account.GetSellableQuantityAsync(code)).Quantity);
        Assert.Contains(c.Wire.Exchanges, e => e.TrId == "TTTC8408R");
    }

    [Fact]
    public async Task InquirePsblRvsecncl_ListsTheOpenOrderUntilItIsCancelled()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(4);
        var quote = await c.Api.InquirePriceAsync(code);
        var placed = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Limit, 6, quote.LowerLimit));
        Assert.Equal(SubmissionStatus.Accepted, placed.Status);
        Assert.Equal("06010", placed.OrderId!.OrgNo);

        var open = await c.Client.Account.GetOpenOrdersAsync();
        Assert.Equal(DataSource.Broker, open.Source);
        var order = Assert.Single(open.Orders);
        Assert.Equal((placed.OrderId, code, Side.Buy, 6L, 6L, quote.LowerLimit), (order.OrderId, order.Ticker, order.Side, order.Quantity, order.CancellableQuantity, order.Price));

        var cancel = await c.Client.Orders.CancelAsync(new ModifyRequest(placed.OrderId, code, OrderPriceType.Limit, null, null));
        Assert.Equal(SubmissionStatus.Accepted, cancel.Status);
        Assert.Empty((await c.Client.Account.GetOpenOrdersAsync()).Orders);
    }

    [Fact]
    public async Task InquirePeriodProfit_ReportsTheRoundTripAsTheBroker()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(5);
        var market = sim.Host.Exchange.Instrument(code)!.Market;
        var today = sim.Host.TradingDate();
        await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 10, null));
        await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Sell, OrderPriceType.Market, 10, null));
        var orders = await c.Client.Account.GetOrdersAsync(today, today);
        var bought = orders.Single(o => o.Side == Side.Buy);
        var sold = orders.Single(o => o.Side == Side.Sell);

        var profit = await c.Client.Account.GetPeriodProfitAsync(today, today);

        Assert.Equal(DataSource.Broker, profit.Source);
        var day = Assert.Single(profit.Days);
        Assert.Equal((today, bought.FilledAmount, sold.FilledAmount), (day.Date, day.BuyAmount, day.SellAmount));
        Assert.Equal(Costs.SellTax(sold.FilledAmount, market, today), day.Tax);
        Assert.Equal(Costs.Commission(bought.FilledAmount) + Costs.Commission(sold.FilledAmount), day.Fee);
        // KIS_API.md §9: realised P&L = sell amount − buy amount − commissions − tax.
        Assert.Equal(Costs.RoundTripPnl(bought.FilledAmount, sold.FilledAmount, market, today), day.RealizedPnl);
    }

    [Fact]
    public async Task VolumeRankAndFluctuation_ComeFromTheBrokerInOrder()
    {
        await sim.Host.WaitForTradingAsync();
        await using var c = LoopbackClient.Create(sim.Host);

        var volume = await c.Client.MarketData.GetRankingAsync(RankingKind.Volume);
        var gainers = await c.Client.MarketData.GetRankingAsync(RankingKind.Gainers);
        var losers = await c.Client.MarketData.GetRankingAsync(RankingKind.Losers);

        Assert.Equal(DataSource.Broker, volume.Source);
        Assert.InRange(volume.Entries.Count, 20, 30);
        Assert.Equal(Enumerable.Range(1, volume.Entries.Count), volume.Entries.Select(e => e.Rank));
        Assert.Equal(volume.Entries.Select(e => e.Volume).OrderDescending(), volume.Entries.Select(e => e.Volume));
        Assert.Equal(DataSource.Broker, gainers.Source);
        Assert.Equal(gainers.Entries.Select(e => e.ChangeRatePercent).OrderDescending(), gainers.Entries.Select(e => e.ChangeRatePercent));
        Assert.Equal(losers.Entries.Select(e => e.ChangeRatePercent).Order(), losers.Entries.Select(e => e.ChangeRatePercent));
        Assert.Contains(c.Wire.Exchanges, e => e.TrId == "FHPST01710000");
        Assert.Contains(c.Wire.Exchanges, e => e.TrId == "FHPST01700000");
    }
}
