using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Market;

public sealed class KrxRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly DateOnly Before2023 = new(2022, 6, 1);

    [Theory]
    [InlineData(1_999, 1)]
    [InlineData(2_000, 5)]
    [InlineData(4_995, 5)]
    [InlineData(5_000, 10)]
    [InlineData(19_990, 10)]
    [InlineData(20_000, 50)]
    [InlineData(49_950, 50)]
    [InlineData(50_000, 100)]
    [InlineData(71_900, 100)]
    [InlineData(199_900, 100)]
    [InlineData(200_000, 500)]
    [InlineData(499_500, 500)]
    [InlineData(500_000, 1_000)]
    public void TickSize_FollowsTheUnifiedTableSince2023(int price, int tick)
    {
        Assert.Equal(tick, KrxRules.TickSize(price, KrxMarket.Kospi, InstrumentKind.Stock, Today));
        Assert.Equal(tick, KrxRules.TickSize(price, KrxMarket.Kosdaq, InstrumentKind.Stock, Today));
    }

    [Theory]
    [InlineData(999, 1)]
    [InlineData(1_000, 5)]
    [InlineData(9_990, 10)]
    [InlineData(10_000, 50)]
    [InlineData(128_500, 500)]
    [InlineData(600_000, 1_000)]
    public void TickSize_UsesTheOldKospiTableBefore2023(int price, int tick) =>
        Assert.Equal(tick, KrxRules.TickSize(price, KrxMarket.Kospi, InstrumentKind.Stock, Before2023));

    [Fact]
    public void TickSize_OfEtfsAndEtns_IsAlwaysFiveWon()
    {
        Assert.Equal(5m, KrxRules.TickSize(35_000m, KrxMarket.Kospi, InstrumentKind.Etf, Today));
        Assert.Equal(5m, KrxRules.TickSize(600_000m, KrxMarket.Kospi, InstrumentKind.Etn, Today));
    }

    [Theory]
    [InlineData(71_900, true)]
    [InlineData(71_950, false)]
    [InlineData(1_999, true)]
    [InlineData(2_001, false)]
    public void IsOnTick_ChecksTheGridAtThePriceLevel(int price, bool onTick) =>
        Assert.Equal(onTick, KrxRules.IsOnTick(price, date: Today));

    [Fact]
    public void DailyLimits_MatchTheKisExample()
    {
        // KIS example: base 128,500 → width 38,500 → upper 167,000, lower 90,000.
        var limits = KrxRules.DailyLimits(128_500m, KrxMarket.Kospi, InstrumentKind.Stock, Before2023);
        Assert.Equal(new PriceLimits(90_000m, 167_000m), limits);
        Assert.Equal(new PriceLimits(90_000m, 167_000m), KrxRules.DailyLimits(128_500m, date: Today));
    }

    [Theory]
    [InlineData(71_900)]
    [InlineData(1_995)]
    [InlineData(19_990)]
    [InlineData(455_000)]
    [InlineData(3)]
    public void DailyLimits_AreOnTheGridAndWithinThirtyPercent(int basePrice)
    {
        var l = KrxRules.DailyLimits(basePrice, date: Today);
        Assert.True(KrxRules.IsOnTick(l.Upper, date: Today), $"upper {l.Upper}");
        Assert.True(KrxRules.IsOnTick(l.Lower, date: Today), $"lower {l.Lower}");
        Assert.True(l.Upper <= basePrice * 1.3m && l.Upper > basePrice * 1.25m || basePrice < 10);
        Assert.True(l.Lower >= basePrice * 0.7m && l.Lower >= 1);
    }

    [Fact]
    public void StepTicks_FollowsTheTableAcrossBandBoundaries()
    {
        Assert.Equal(2_000m, KrxRules.StepTicks(1_999m, 1, date: Today));
        Assert.Equal(2_005m, KrxRules.StepTicks(2_000m, 1, date: Today));
        Assert.Equal(1_999m, KrxRules.StepTicks(2_000m, -1, date: Today));
        Assert.Equal(49_950m, KrxRules.StepTicks(50_000m, -1, date: Today));
        Assert.Equal(1m, KrxRules.StepTicks(2m, -5, date: Today));
    }
}
