using KisTrader.Core.Trades;
using KisTrader.Tests.Data;

namespace KisTrader.Tests.Core;

public sealed class TradeRecordValidatorTests
{
    [Theory]
    [InlineData("005930")]
    [InlineData("0001A0")]
    public void Validate_AcceptsKrxCodes(string ticker) =>
        TradeRecordValidator.Validate(TradeSamples.Trade("x", TradeSamples.Base, ticker: ticker));

    [Fact]
    public void Validate_AcceptsFractionalAveragePrices() =>
        TradeRecordValidator.Validate(TradeSamples.Trade("x", TradeSamples.Base) with { Price = 71_933.3333m });

    [Fact]
    public void Validate_RejectsPricesFinerThanFourDecimals()
    {
        var ex = Assert.Throws<TradeValidationException>(() =>
            TradeRecordValidator.Validate(TradeSamples.Trade("x", TradeSamples.Base) with { Price = 1.00001m }));
        Assert.Equal("price", ex.Field);
    }

    [Fact]
    public void Validate_RejectsADefaultTimestamp()
    {
        var ex = Assert.Throws<TradeValidationException>(() =>
            TradeRecordValidator.Validate(TradeSamples.Trade("x", default)));
        Assert.Equal("timestamp", ex.Field);
    }
}
