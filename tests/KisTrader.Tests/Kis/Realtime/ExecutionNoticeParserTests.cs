using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using KisTrader.Kis.Realtime.Parsing;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

public sealed class ExecutionNoticeParserTests
{
    private static List<ExecutionNotice> Decode(string trId, string plainGolden, int records = 1)
    {
        using var cipher = new FrameCipher(GoldenFrames.TestKey, GoldenFrames.TestIv);
        var frame = GoldenFrames.EncryptedFrame(trId, records, GoldenFrames.Read(plainGolden));
        return RealtimeFrameDecoder.Decode(frame, tr => tr == trId ? cipher : null, new DateOnly(2025, 3, 3))
            .Events.Cast<ExecutionNoticeReceived>().Select(e => e.Notice).ToList();
    }

    [Fact]
    public void Fill26Fields_IsDecryptedAndMappedAsABuyFill()
    {
        var n = Assert.Single(Decode("H0STCNI0", "H0STCNI0_fill_26.plain.txt"));

        Assert.Equal(NoticeKind.Fill, n.Kind);
        Assert.Equal("8123456701", n.AccountNo);
        Assert.Equal("0000012345", n.OrderNo);
        Assert.Null(n.OriginalOrderNo); // all zeros = new order
        Assert.Equal(Side.Buy, n.Side);
        Assert.Equal(ModificationKind.Original, n.Modification);
        Assert.False(n.Refused);
        Assert.Equal("005930", n.Ticker);
        Assert.Equal("삼성전자", n.Name);
        Assert.Equal(10L, n.Quantity);
        Assert.Equal(71900m, n.Price);
        Assert.Equal(10L, n.OrderQuantity);
        Assert.Equal(71900m, n.OrderPrice);
        Assert.Equal(new TimeOnly(9, 33, 54), n.Time);
        Assert.Equal("06010", n.BranchNo);
    }

    [Fact]
    public void Ack26Fields_IsAnOrderAckWhoseSlots9And10AreTheOrder()
    {
        var n = Assert.Single(Decode("H0STCNI0", "H0STCNI0_ack_26.plain.txt"));

        Assert.Equal(NoticeKind.OrderAck, n.Kind);
        Assert.Equal(Side.Sell, n.Side);
        Assert.Equal("SK하이닉스", n.Name);
        Assert.Equal(5L, n.Quantity);
        Assert.Equal(128500m, n.Price);
        Assert.Equal(5L, n.OrderQuantity);
        Assert.Equal(128500m, n.OrderPrice);
    }

    [Fact]
    public void RefusedCancel_CarriesOriginalOrderNoAndRefusal()
    {
        var n = Assert.Single(Decode("H0STCNI0", "H0STCNI0_cancel_refused_26.plain.txt"));

        Assert.Equal(ModificationKind.Cancel, n.Modification);
        Assert.True(n.Refused);
        Assert.Equal("0000012345", n.OriginalOrderNo);
        Assert.Equal(NoticeKind.OrderAck, n.Kind);
    }

    [Fact]
    public void LegacyFill23Fields_TakesNameAndOrderPriceFromTheLegacyPositions()
    {
        var n = Assert.Single(Decode("H0STCNI9", "H0STCNI9_fill_23_legacy.plain.txt"));

        Assert.Equal(NoticeKind.Fill, n.Kind);
        Assert.Equal("5012345601", n.AccountNo);
        Assert.Equal("0000002696", n.OrderNo);
        Assert.Equal(4L, n.Quantity);
        Assert.Equal(71900m, n.Price);
        Assert.Equal(10L, n.OrderQuantity);
        Assert.Equal(72000m, n.OrderPrice); // field 22 in the legacy layout
        Assert.Equal("삼성전자", n.Name);
        Assert.Equal("00950", n.BranchNo);
    }

    [Fact]
    public void MultiRecordCurrentLayout_SplitsAt26Fields()
    {
        var notices = Decode("H0STCNI0", "H0STCNI0_multi_2x26.plain.txt", records: 2);

        Assert.Equal([4L, 6L], notices.Select(n => n.Quantity));
        Assert.Equal([71900m, 72000m], notices.Select(n => n.Price));
        Assert.All(notices, n => Assert.Equal(71900m, n.OrderPrice));
    }

    [Fact]
    public void MultiRecordLegacyLayout_SplitsAt23Fields()
    {
        var notices = Decode("H0STCNI9", "H0STCNI9_multi_2x23_legacy.plain.txt", records: 2);

        Assert.Equal(["0000002696", "0000002697"], notices.Select(n => n.OrderNo));
        Assert.Equal([NoticeKind.Fill, NoticeKind.OrderAck], notices.Select(n => n.Kind));
        Assert.Equal([Side.Buy, Side.Sell], notices.Select(n => n.Side));
        Assert.Equal(128500m, notices[1].OrderPrice);
    }

    [Theory]
    [InlineData(23, ExecutionNoticeParser.Layout.Legacy23)]
    [InlineData(26, ExecutionNoticeParser.Layout.Current26)]
    [InlineData(28, ExecutionNoticeParser.Layout.Current26)]
    public void LayoutFor_TellsTheLayoutsApartByFieldsPerRecord(int fields, ExecutionNoticeParser.Layout expected) =>
        Assert.Equal(expected, ExecutionNoticeParser.LayoutFor(fields));

    [Fact]
    public void LayoutFor_TooFewFields_IsMalformed() =>
        Assert.Throws<MalformedFrameException>(() => ExecutionNoticeParser.LayoutFor(20));

    [Fact]
    public void UnknownSideCode_IsMalformed()
    {
        var plain = GoldenFrames.Read("H0STCNI0_fill_26.plain.txt").Replace("^02^0^00^", "^07^0^00^", StringComparison.Ordinal);
        using var cipher = new FrameCipher(GoldenFrames.TestKey, GoldenFrames.TestIv);
        var frame = GoldenFrames.EncryptedFrame("H0STCNI0", 1, plain);
        Assert.Throws<MalformedFrameException>(() => RealtimeFrameDecoder.Decode(frame, _ => cipher, new DateOnly(2025, 3, 3)));
    }
}
