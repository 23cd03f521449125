using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Market;

public sealed class TradingCostsTests
{
    [Theory]
    [InlineData(KrxMarket.Kospi, 2023, 0.0020)]
    [InlineData(KrxMarket.Kospi, 2024, 0.0018)]
    [InlineData(KrxMarket.Kosdaq, 2025, 0.0015)]
    [InlineData(KrxMarket.Kosdaq, 2026, 0.0020)]
    [InlineData(KrxMarket.Konex, 2026, 0.0010)]
    public void SellTaxRate_IsTheRateOfTheTradeDate(KrxMarket market, int year, double rate) =>
        Assert.Equal((decimal)rate, TradingCosts.SellTaxRate(market, new DateOnly(year, 6, 30)));

    [Fact]
    public void RoundTripPnl_IsSellMinusBuyMinusCommissionsMinusTax_TruncatedToWon()
    {
        var costs = new TradingCosts();
        // Buy 10 @ 70,000, sell 10 @ 72,000 on KOSPI in 2026.
        var pnl = costs.RoundTripPnl(700_000m, 720_000m, KrxMarket.Kospi, new DateOnly(2026, 3, 2));
        // commissions 105 + 108, tax 1,440
        Assert.Equal(20_000m - 105m - 108m - 1_440m, pnl);
    }

    [Fact]
    public void CommissionRate_OutsideZeroToOnePercent_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TradingCosts(0.5m));
}
