using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Kis.Realtime.Parsing;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

public sealed class TradeTickParserTests
{
    private static readonly DateOnly Today = new(2023, 6, 12);

    private static List<Tick> Decode(string golden) =>
        RealtimeFrameDecoder.Decode(GoldenFrames.Read(golden), _ => null, Today).Events.Cast<TickReceived>().Select(e => e.Tick).ToList();

    [Fact]
    public void SingleRecord46Fields_MapsEveryTickField()
    {
        var tick = Assert.Single(Decode("H0STCNT0_single_46.txt"));

        Assert.Equal("005930", tick.Ticker);
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 9, 33, 54, TimeSpan.FromHours(9)), tick.Time);
        Assert.Equal(71900m, tick.Price);
        Assert.Equal(-100m, tick.Change);
        Assert.Equal(-0.14m, tick.ChangeRatePercent);
        Assert.Equal(72100m, tick.Open);
        Assert.Equal(72400m, tick.High);
        Assert.Equal(71700m, tick.Low);
        Assert.Equal(1L, tick.Volume);
        Assert.Equal(3052507L, tick.CumulativeVolume);
        Assert.Equal(219853241700m, tick.CumulativeValue);
        Assert.Equal(71900m, tick.BestAsk);
        Assert.Equal(71800m, tick.BestBid);
        Assert.Equal(84.76m, tick.TradeIntensity);
        Assert.Equal(Side.Buy, tick.Aggressor);
        Assert.False(tick.Halted);
    }

    [Fact]
    public void MultiRecordFrame_YieldsOneTickPerRecordInOrder()
    {
        var ticks = Decode("H0STCNT0_multi_2x46.txt");

        Assert.Equal(["005930", "000660"], ticks.Select(t => t.Ticker));
        Assert.Equal(128500m, ticks[1].Price);
        Assert.Equal(1500m, ticks[1].Change);
        Assert.Equal(25L, ticks[1].Volume);
        Assert.Equal(Side.Sell, ticks[1].Aggressor); // CCLD_DVSN 5
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 9, 33, 55, TimeSpan.FromHours(9)), ticks[1].Time);
    }

    [Fact]
    public void ExtraTrailingField_IsToleratedInSingleRecord()
    {
        var tick = Assert.Single(Decode("H0STCNT0_single_47.txt"));
        Assert.Equal(71900m, tick.Price);
        Assert.Equal(Side.Buy, tick.Aggressor);
    }

    [Fact]
    public void ExtraTrailingField_IsToleratedInEveryRecordOfAMultiRecordFrame()
    {
        var ticks = Decode("H0STCNT0_multi_2x47.txt");
        Assert.Equal(["005930", "000660"], ticks.Select(t => t.Ticker));
        Assert.Equal(128500m, ticks[1].Price); // record 2 starts after 47 fields, not 46
    }

    [Fact]
    public void NullAndEmptyFields_ReadAsZeroAndMissingDateFallsBackToTradingDate()
    {
        var tick = Assert.Single(Decode("H0STCNT0_nulls_46.txt"));

        Assert.Equal("035720", tick.Ticker);
        Assert.Equal(41250m, tick.Price);
        Assert.Equal(0m, tick.CumulativeValue);  // empty
        Assert.Equal(0m, tick.TradeIntensity);   // (null)
        Assert.Null(tick.Aggressor);             // 3 = pre-market
        Assert.True(tick.Halted);                // TRHT_YN Y
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 10, 5, 1, TimeSpan.FromHours(9)), tick.Time);
    }

    [Fact]
    public void UnsignedDecline_IsNegatedFromTheSignField()
    {
        var text = GoldenFrames.Read("H0STCNT0_single_46.txt").Replace("^5^-100^-0.14^", "^5^100^0.14^", StringComparison.Ordinal);
        var tick = (TickReceived)RealtimeFrameDecoder.Decode(text, _ => null, Today).Events.Single();
        Assert.Equal(-100m, tick.Tick.Change);
        Assert.Equal(-0.14m, tick.Tick.ChangeRatePercent);
    }
}
