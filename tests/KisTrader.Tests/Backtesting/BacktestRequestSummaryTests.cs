using KisTrader.Core.Backtesting;
using KisTrader.Core.History;

namespace KisTrader.Tests.Backtesting;

/// <summary>The stored request says how the fills were modelled: selling at the quoted bid (the parity test's setting) is
/// recorded when on, and left out when off so reports from before it keep their bytes.</summary>
public sealed class BacktestRequestSummaryTests
{
    private static async Task<BacktestReport> RunAsync(SlippageModel slippage)
    {
        var rows = BarFixture.Parse(YearEndFixture.Csv).SelectMany(kv => kv.Value.Select(b =>
            HistoryBar.Daily(kv.Key, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "test", DateTimeOffset.UnixEpoch))).ToList();
        var request = new BacktestRequest
        {
            From = new DateOnly(2025, 12, 22), To = new DateOnly(2026, 1, 7), Engine = BacktestEngineKind.BuyAndHold,
            InitialCash = 30_000_000m, Slippage = slippage,
        };
        return await new BacktestEngine().RunAsync(request, BacktestBars.FromRows(rows, request));
    }

    [Fact]
    public async Task SellsMeetingTheBid_IsStoredWithTheRequest_AndSurvivesTheJsonRoundTrip()
    {
        var report = await RunAsync(SlippageModel.None with { SellsMeetTheBid = true });

        Assert.True(report.Request.SellsMeetTheBid);
        var json = BacktestJson.Serialize(report);
        Assert.Contains("\"SellsMeetTheBid\":true", json, StringComparison.Ordinal);
        Assert.True(BacktestJson.Deserialize(json).Request.SellsMeetTheBid);
    }

    [Fact]
    public async Task TheDefaultFillModel_WritesNoSellsMeetTheBidField()
    {
        var report = await RunAsync(SlippageModel.None);

        Assert.False(report.Request.SellsMeetTheBid);
        Assert.DoesNotContain("SellsMeetTheBid", BacktestJson.Serialize(report), StringComparison.Ordinal);
    }
}
