using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;

namespace KisTrader.Tests.Core.Market.Candidates;

public sealed class InstrumentScreenTests
{
    private static readonly CandidateOptions Options = new();

    [Theory]
    [InlineData("069500", "KODEX 200", 50_000, 1.0, 1_000_000, "etf/etn")]
    [InlineData("Q500001", "신한 레버리지 WTI원유 선물 ETN", 10_000, 2.0, 1_000_000, "etf/etn")]
    [InlineData("123450", "TIGER 미국S&P500", 20_000, 1.0, 1_000_000, "etf/etn")]
    [InlineData("456780", "엔에이치스팩29호", 2_100, 5.0, 1_000_000, "spac")]
    [InlineData("005935", "삼성전자우", 70_000, 1.0, 1_000_000, "preferred")]
    [InlineData("00088K", "한화3우B", 30_000, 1.0, 1_000_000, "preferred")]
    [InlineData("123400", "거래정지", 10_000, 0.0, 0, "not trading")]
    [InlineData("123400", "상한가", 13_000, 29.9, 5_000_000, "price limit")]
    [InlineData("123400", "급락", 7_000, -25.0, 5_000_000, "price limit")]
    [InlineData("123400", "동전주", 800, 5.0, 50_000_000, "illiquid")]
    [InlineData("123400", "한산", 10_000, 5.0, 50_000, "illiquid")]
    public void Refuse_NamesTheScreen(string code, string name, decimal price, decimal change, long volume, string reason) =>
        Assert.Equal(reason, InstrumentScreen.Refuse(new RankingEntry(1, code, name, price, 0m, change, volume, 0m), Options));

    [Theory]
    [InlineData("000270", "기아")]
    [InlineData("263750", "펄어비스")]
    [InlineData("009830", "한화솔루션")]
    [InlineData("210980", "SK디앤디")]
    public void Refuse_PassesATradableCommonStock(string code, string name) =>
        Assert.Null(InstrumentScreen.Refuse(new RankingEntry(1, code, name, 50_000m, 1_000m, 2m, 100_000, 0m), Options));

    [Fact]
    public void Refuse_UsesTheRankingsTradedValueWhenGiven()
    {
        // 10,000 × 50,000 = 500M by price × volume, but the broker says 1.2B traded (the day's average price was higher).
        var entry = new RankingEntry(1, "123400", "종목", 10_000m, 0m, 2m, 50_000, 1_200_000_000m);
        Assert.Null(InstrumentScreen.Refuse(entry, Options));
        Assert.Equal("illiquid", InstrumentScreen.Refuse(entry with { TradeValue = 0m }, Options));
    }
}
