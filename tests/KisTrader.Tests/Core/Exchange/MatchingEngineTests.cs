using KisTrader.Core.Exchange;

namespace KisTrader.Tests.Core.Exchange;

public sealed class MatchingEngineTests
{
    private readonly MatchingEngine _engine = new(TimeProvider.System);
    private const string T = "005930";

    private static ExchangeOrder Limit(string id, Side side, long qty, decimal price, string account = "A") =>
        new(id, account, T, side, ExchangeOrderType.Limit, qty, price);

    private static ExchangeOrder Market(string id, Side side, long qty, string account = "A") =>
        new(id, account, T, side, ExchangeOrderType.Market, qty, null);

    [Fact]
    public void CrossingLimitOrders_FillAtTheRestingPrice_BestPriceFirst()
    {
        _engine.Submit(Limit("s1", Side.Sell, 10, 72_000m, "mm"));
        _engine.Submit(Limit("s2", Side.Sell, 10, 71_900m, "mm"));
        var r = _engine.Submit(Limit("b1", Side.Buy, 15, 72_000m));
        Assert.Equal([(71_900m, 10L), (72_000m, 5L)], r.Fills.Select(f => (f.Price, f.Quantity)));
        Assert.Equal(0, r.RestingQuantity);
        Assert.Equal([(72_000m, 5L)], _engine.Depth(T).Asks);
    }

    [Fact]
    public void SamePrice_FillsInTimeOrder()
    {
        _engine.Submit(Limit("first", Side.Sell, 5, 71_900m, "x"));
        _engine.Submit(Limit("second", Side.Sell, 5, 71_900m, "y"));
        var r = _engine.Submit(Limit("b", Side.Buy, 7, 71_900m));
        Assert.Equal(["first", "second"], r.Fills.Select(f => f.SellOrderId));
        Assert.Equal([5L, 2L], r.Fills.Select(f => f.Quantity));
    }

    [Fact]
    public void PartialFill_RestsTheRemainderWhichFillsLater()
    {
        _engine.Submit(Limit("s", Side.Sell, 3, 71_900m, "mm"));
        var r = _engine.Submit(Limit("b", Side.Buy, 10, 71_900m));
        Assert.Equal(3, r.FilledQuantity);
        Assert.Equal(7, r.RestingQuantity);
        var later = _engine.Submit(Limit("s2", Side.Sell, 4, 71_800m, "mm"));
        Assert.Equal(71_900m, later.Fills.Single().Price);
        Assert.Equal(4, later.Fills.Single().Quantity);
        Assert.Equal(3, _engine.Book(T).RestingQuantity("b"));
    }

    [Fact]
    public void MarketOrder_TakesWhatIsThere_AndCancelsTheRest()
    {
        _engine.Submit(Limit("s", Side.Sell, 4, 71_900m, "mm"));
        var r = _engine.Submit(Market("b", Side.Buy, 10));
        Assert.Equal(4, r.FilledQuantity);
        Assert.Equal(6, r.CancelledQuantity);
        Assert.Equal(0, r.RestingQuantity);
    }

    [Fact]
    public void OffTickAndOutOfLimitPrices_AreRejected()
    {
        _engine.OpenDay(T, 70_000m, new DateOnly(2026, 11, 20));
        Assert.Equal(OrderRejectReason.OffTick, _engine.Submit(Limit("a", Side.Buy, 1, 71_950m)).Reject);
        Assert.Equal(OrderRejectReason.OutsideDailyLimits, _engine.Submit(Limit("b", Side.Buy, 1, 91_100m)).Reject);
        Assert.Equal(OrderRejectReason.InvalidQuantity, _engine.Submit(Limit("c", Side.Buy, 0, 70_000m)).Reject);
        Assert.True(_engine.Submit(Limit("d", Side.Buy, 1, 91_000m)).Accepted);
    }

    [Fact]
    public void AnOrderId_TradesAtMostOnce()
    {
        _engine.Submit(Limit("s", Side.Sell, 100, 71_900m, "mm"));
        Assert.Equal(5, _engine.Submit(Limit("b", Side.Buy, 5, 71_900m)).FilledQuantity);
        var again = _engine.Submit(Limit("b", Side.Buy, 5, 71_900m));
        Assert.Equal(OrderRejectReason.DuplicateOrderId, again.Reject);
        Assert.Equal(95, _engine.Book(T).RestingQuantity("s"));
    }

    [Fact]
    public void Cancel_RemovesTheRest_AndAmendToACrossingPriceFills()
    {
        _engine.Submit(Limit("b1", Side.Buy, 10, 71_000m));
        Assert.Equal(10, _engine.Cancel(T, "b1").CancelledQuantity);
        Assert.Equal(OrderRejectReason.UnknownOrder, _engine.Cancel(T, "b1").Reject);

        _engine.Submit(Limit("s", Side.Sell, 10, 71_900m, "mm"));
        _engine.Submit(Limit("b2", Side.Buy, 10, 71_000m));
        var amended = _engine.Amend(T, "b2", 6, 71_900m);
        Assert.Equal(6, amended.FilledQuantity);
        Assert.Equal(4, _engine.Book(T).RestingQuantity("s"));
    }

    [Fact]
    public void AmendDownInQuantity_KeepsTimePriority()
    {
        _engine.Submit(Limit("first", Side.Sell, 10, 71_900m, "x"));
        _engine.Submit(Limit("second", Side.Sell, 10, 71_900m, "y"));
        _engine.Amend(T, "first", 4, 71_900m);
        var r = _engine.Submit(Limit("b", Side.Buy, 4, 71_900m));
        Assert.Equal("first", r.Fills.Single().SellOrderId);
    }

    [Fact]
    public void OrderBook_RefusesTheIdOfARestingOrder_WhateverTheType()
    {
        var book = new OrderBook(T);
        Assert.True(book.Submit(Limit("x", Side.Buy, 5, 71_000m), DateTimeOffset.UtcNow).Accepted);
        Assert.Equal(OrderRejectReason.DuplicateOrderId, book.Submit(Limit("x", Side.Buy, 3, 70_900m), DateTimeOffset.UtcNow).Reject);
        Assert.Equal(OrderRejectReason.DuplicateOrderId, book.Submit(Market("x", Side.Sell, 3), DateTimeOffset.UtcNow).Reject);
        Assert.Equal(5, book.RestingQuantity("x"));
    }
}
