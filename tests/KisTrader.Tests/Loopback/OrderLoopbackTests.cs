using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>order_cash, order_rvsecncl, inquire_daily_ccld, inquire_balance and inquire_psbl_order of the real client
/// against the simulator in paper mode. Tests in this class run one at a time, so the order-response fault of one
/// test cannot hit another; each test still has its own account.</summary>
public sealed class OrderLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private static readonly TradingCosts Costs = new();

    private async Task<BrokerOrder> OrderAsync(LoopbackClient c, string orderNo)
    {
        var today = sim.Host.TradingDate();
        var orders = await c.Client.Account.GetOrdersAsync(today, today);
        return Assert.Single(orders, o => o.OrderNo == orderNo);
    }

    [Fact]
    public async Task OrderCash_MarketBuyThenSell_MovesCashByAmountCommissionAndTax()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(5);
        var market = sim.Host.Exchange.Instrument(code)!.Market;
        var start = await c.Client.Account.GetBalanceAsync();
        Assert.Empty(start.Holdings);

        var buy = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 10, null));
        Assert.Equal(SubmissionStatus.Accepted, buy.Status);
        Assert.Equal(10, buy.OrderId!.OrderNo.Length);
        var bought = await OrderAsync(c, buy.OrderId.OrderNo);
        Assert.Equal((Side.Buy, 10L, 10L, 0L), (bought.Side, bought.Quantity, bought.FilledQuantity, bought.RemainingQuantity));
        Assert.Equal(bought.FilledAmount, Math.Round(bought.AverageFillPrice * 10, 0));

        var afterBuy = await c.Client.Account.GetBalanceAsync();
        var holding = Assert.Single(afterBuy.Holdings);
        Assert.Equal((code, 10L, 10L), (holding.Ticker, holding.Quantity, holding.SellableQuantity));
        Assert.Equal(bought.FilledAmount, holding.PurchaseAmount);
        Assert.Equal(bought.FilledAmount / 10, holding.AveragePrice);
        Assert.Equal(start.Cash - bought.FilledAmount - Costs.Commission(bought.FilledAmount), afterBuy.Cash);

        var sell = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Sell, OrderPriceType.Market, 10, null));
        Assert.Equal(SubmissionStatus.Accepted, sell.Status);
        var sold = await OrderAsync(c, sell.OrderId!.OrderNo);
        Assert.Equal((Side.Sell, 10L), (sold.Side, sold.FilledQuantity));

        var afterSell = await c.Client.Account.GetBalanceAsync();
        Assert.DoesNotContain(afterSell.Holdings, h => h.Quantity > 0);
        var tax = Costs.SellTax(sold.FilledAmount, market, sim.Host.TradingDate());
        Assert.True(tax > 0);
        Assert.Equal(afterBuy.Cash + sold.FilledAmount - Costs.Commission(sold.FilledAmount) - tax, afterSell.Cash);
    }

    [Fact]
    public async Task BuyingPowerAndSellableQuantity_FollowFillsAndOpenOrders()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(6);
        var quote = await c.Api.InquirePriceAsync(code);

        var before = await c.Client.Account.GetBuyingPowerAsync(code, OrderPriceType.Limit, quote.LowerLimit);
        var balance0 = await c.Client.Account.GetBalanceAsync();
        Assert.Equal(balance0.Cash, before.OrderableCash);
        Assert.Equal((long)Math.Floor(before.OrderableCash / (quote.LowerLimit * (1 + Costs.CommissionRate))), before.MaxBuyQuantity);

        // A resting buy at the lower limit reserves its notional and commission.
        var resting = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Limit, 100, quote.LowerLimit));
        Assert.Equal(SubmissionStatus.Accepted, resting.Status);
        var reserved = 100 * quote.LowerLimit;
        var during = await c.Client.Account.GetBuyingPowerAsync(code, OrderPriceType.Limit, quote.LowerLimit);
        Assert.Equal(before.OrderableCash - reserved - Costs.Commission(reserved), during.OrderableCash);

        var buy = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 20, null));
        var filled = await OrderAsync(c, buy.OrderId!.OrderNo);
        Assert.Equal(20, filled.FilledQuantity);
        var after = await c.Client.Account.GetBuyingPowerAsync(code, OrderPriceType.Limit, quote.LowerLimit);
        Assert.Equal(during.OrderableCash - filled.FilledAmount - Costs.Commission(filled.FilledAmount), after.OrderableCash);

        var sellable = await c.Client.Account.GetSellableQuantityAsync(code);
        Assert.Equal((20L, DataSource.Computed), (sellable.Quantity, sellable.Source));
        var sellRest = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Sell, OrderPriceType.Limit, 8, quote.UpperLimit));
        Assert.Equal(SubmissionStatus.Accepted, sellRest.Status);
        Assert.Equal(12, (await c.Client.Account.GetSellableQuantityAsync(code)).Quantity);
        var tooMany = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Sell, OrderPriceType.Limit, 13, quote.UpperLimit));
        Assert.Equal(SubmissionStatus.Rejected, tooMany.Status);
    }

    [Fact]
    public async Task OrderRvsecncl_AmendsThenCancels_WithNewOrderNumbersAndNoOpenOrderLeft()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(7);
        var quote = await c.Api.InquirePriceAsync(code);
        var inst = sim.Host.Exchange.Instrument(code)!;
        var newPrice = KrxRules.StepTicks(quote.LowerLimit, 1, inst.Market, InstrumentKind.Stock, inst.TradingDate);

        var placed = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Limit, 5, quote.LowerLimit));
        Assert.Equal(SubmissionStatus.Accepted, placed.Status);
        var open = await c.Client.Account.GetOpenOrdersAsync();
        Assert.Equal(DataSource.Computed, open.Source);
        Assert.Equal(placed.OrderId, Assert.Single(open.Orders).OrderId);

        var amended = await c.Client.Orders.AmendAsync(new ModifyRequest(placed.OrderId!, code, OrderPriceType.Limit, null, newPrice));
        Assert.Equal(SubmissionStatus.Accepted, amended.Status);
        Assert.NotEqual(placed.OrderId!.OrderNo, amended.OrderId!.OrderNo);
        var amendRow = await OrderAsync(c, amended.OrderId.OrderNo);
        Assert.Equal((placed.OrderId.OrderNo, newPrice, 5L, 5L), (amendRow.OriginalOrderNo, amendRow.Price, amendRow.Quantity, amendRow.RemainingQuantity));
        Assert.Equal(0, (await OrderAsync(c, placed.OrderId.OrderNo)).RemainingQuantity);
        Assert.Equal(amended.OrderId, Assert.Single((await c.Client.Account.GetOpenOrdersAsync()).Orders).OrderId);

        var cancelled = await c.Client.Orders.CancelAsync(new ModifyRequest(amended.OrderId, code, OrderPriceType.Limit, null, null));
        Assert.Equal(SubmissionStatus.Accepted, cancelled.Status);
        var cancelRow = await OrderAsync(c, cancelled.OrderId!.OrderNo);
        Assert.True(cancelRow.Cancelled);
        Assert.Equal((amended.OrderId.OrderNo, 5L), (cancelRow.OriginalOrderNo, cancelRow.Quantity));
        Assert.Equal(0, (await OrderAsync(c, amended.OrderId.OrderNo)).RemainingQuantity);
        Assert.Empty((await c.Client.Account.GetOpenOrdersAsync()).Orders);
        var power = await c.Client.Account.GetBuyingPowerAsync(code, OrderPriceType.Limit, quote.LowerLimit);
        Assert.Equal((await c.Client.Account.GetBalanceAsync()).Cash, power.OrderableCash); // nothing reserved any more
    }

    [Fact]
    public async Task OrderCash_WithHashKey_SendsTheHashTheSimulatorVerifies()
    {
        await using var c = LoopbackClient.Create(sim.Host, useHashKey: true);
        var code = LoopbackUniverse.Liquid(14);

        var placed = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 1, null));

        Assert.Equal(SubmissionStatus.Accepted, placed.Status);
        // One hashkey call, then the order: the simulator refuses an order whose hashkey does not match its body (EGW00131).
        Assert.Equal(1, c.Wire.Count("/uapi/hashkey"));
        Assert.Equal(1, c.Wire.Count("/trading/order-cash"));
    }

    [Fact]
    public async Task OrderCash_WhenResponseDroppedAfterAcceptance_ReturnsUnknownIsNotResentAndIsFoundInDailyCcld()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(8);
        await c.Api.InquirePriceAsync(code); // token issued before the fault
        sim.Host.Faults.Update(f => f.DropNextOrderResponses = 1);
        OrderSubmission submission;
        try
        {
            submission = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 3, null));
        }
        finally
        {
            sim.Host.Faults.Reset();
        }

        Assert.Equal(SubmissionStatus.Unknown, submission.Status);
        Assert.Null(submission.OrderId);
        Assert.Equal(1, c.Wire.Count("/trading/order-cash"));
        var today = sim.Host.TradingDate();
        var orders = await c.Client.Account.GetOrdersAsync(today, today);
        var found = Assert.Single(orders);
        Assert.Equal((code, Side.Buy, 3L, 3L), (found.Ticker, found.Side, found.Quantity, found.FilledQuantity));
        Assert.Equal(3, Assert.Single((await c.Client.Account.GetBalanceAsync()).Holdings).Quantity);
    }
}
