using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Kis.Realtime.Parsing;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

public sealed class OrderBookParserTests
{
    private static readonly DateOnly Today = new(2023, 6, 12);

    private static OrderBookSnapshot Decode(string golden) =>
        ((OrderBookReceived)RealtimeFrameDecoder.Decode(GoldenFrames.Read(golden), _ => null, Today).Events.Single()).Book;

    [Fact]
    public void Book59Fields_MapsTenLevelsEachSideBestFirst()
    {
        var book = Decode("H0STASP0_59.txt");

        Assert.Equal("005930", book.Ticker);
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 9, 37, 30, TimeSpan.FromHours(9)), book.Time);
        Assert.Equal(10, book.Asks.Count);
        Assert.Equal(10, book.Bids.Count);
        Assert.Equal(new BookLevel(71900m, 93010), book.Asks[0]);
        Assert.Equal(new BookLevel(72800m, 51103), book.Asks[9]);
        Assert.Equal(new BookLevel(71800m, 79752), book.Bids[0]);
        Assert.Equal(new BookLevel(70900m, 110340), book.Bids[9]);
        Assert.Equal(858200L, book.TotalAskQuantity);
        Assert.Equal(1294044L, book.TotalBidQuantity);
    }

    [Fact]
    public void Book62FieldsWithNullExpectedPrices_ParsesLikeThe59FieldBook()
    {
        var wide = Decode("H0STASP0_62.txt");
        var narrow = Decode("H0STASP0_59.txt");

        Assert.Equal(narrow.Asks, wide.Asks);
        Assert.Equal(narrow.Bids, wide.Bids);
        Assert.Equal(narrow.TotalAskQuantity, wide.TotalAskQuantity);
    }

    [Fact]
    public void ThinBook_LeavesOutLevelsWithoutAPrice()
    {
        var book = Decode("H0STASP0_thin_59.txt");

        Assert.Equal([new BookLevel(5010m, 1200), new BookLevel(5020m, 300)], book.Asks);
        Assert.Equal([new BookLevel(5000m, 800), new BookLevel(4995m, 450), new BookLevel(4990m, 90)], book.Bids);
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 15, 30, 0, TimeSpan.FromHours(9)), book.Time);
    }
}
