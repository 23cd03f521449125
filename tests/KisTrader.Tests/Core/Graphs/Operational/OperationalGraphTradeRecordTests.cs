using System.Text.Json;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Trades;
using KisTrader.Tests.Core.Graphs.Fakes;
using static KisTrader.Tests.Core.Graphs.Fakes.OperationalHarness;

namespace KisTrader.Tests.Core.Graphs.Operational;

/// <summary>What the trade record of an executed order keeps from the run (the ML signal the analysis gave).</summary>
public sealed class OperationalGraphTradeRecordTests : OperationalGraphTestBase
{
    [Fact]
    public async Task TheTradeRecord_KeepsTheMlProbabilityAndTheModel_TheAnalysisGaveTheTicker()
    {
        _h.Analysis = () =>
        {
            var a = FreshAnalysis(_h.Time.GetUtcNow());
            return a with { Tickers = [a.Tickers[0] with { MlProbability = 0.7123m }], MlSignal = "up5d-1pct", MlModelVersion = "4" };
        };

        await _h.Runner.StartAsync("manual");

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal((0.7123m, "up5d-1pct v4"), (trade.MlProbability, trade.MlModelVersion));
        using var snap = JsonDocument.Parse(trade.MarketSnapshot);
        Assert.Equal(0.7123m, snap.RootElement.GetProperty("features").GetProperty("ml_prob").GetDecimal());
    }

    [Fact]
    public async Task TheTradeRecord_LeavesOutAnMlValueItsColumnsCannotHold_AndStillRecordsTheTrade()
    {
        _h.Analysis = () =>
        {
            var a = FreshAnalysis(_h.Time.GetUtcNow());
            return a with { Tickers = [a.Tickers[0] with { MlProbability = 12.5m }], MlSignal = new string('s', 90), MlModelVersion = "1" };
        };

        await _h.Runner.StartAsync("manual");

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal(((decimal?)null, (string?)null), (trade.MlProbability, trade.MlModelVersion));
    }

    [Fact]
    public async Task TheTradeRecord_HasNoMlSignal_WhenNoModelScoredTheAnalysis()
    {
        await _h.Runner.StartAsync("manual");

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal(((decimal?)null, (string?)null), (trade.MlProbability, trade.MlModelVersion));
    }
}
