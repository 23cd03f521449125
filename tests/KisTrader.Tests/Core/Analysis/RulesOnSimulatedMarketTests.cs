using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Portfolio;
using KisTrader.Simulator;
using KisTrader.Simulator.Market;
using KisTrader.Tests.Loopback.Support;
using Xunit.Abstractions;

namespace KisTrader.Tests.Core.Analysis;

/// <summary>The analyzer and the rules engine over the simulator's default market, through the real KIS client (REST
/// history, WebSocket ticks): the rules must be realistic enough that the simulated market triggers a buy.</summary>
public sealed class RulesOnSimulatedMarketTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RulesEngine_OnTheDefaultSimulatedMarket_BuysWithinAFewCycles()
    {
        await using var host = await LoopbackSimulator.StartAsync(SimulatorMode.Real, s =>
        {
            s.Universe = DefaultUniverse.Create();
            s.HistoryDays = 260;
        });
        await using var client = LoopbackClient.Create(host, requestsPerSecond: 50);
        var session = await client.StartRealtimeAsync();
        var universe = DefaultUniverse.Create().Select(i => i.Code).ToList();
        await session.SubscribeTradesAsync(universe);

        var analyzer = new MarketAnalyzer(client.Ticks, client.Client.MarketData, session, TimeProvider.System,
            new MarketAnalyzerOptions { Session = SessionClock.AlwaysOpen, StaleAfter = TimeSpan.FromMinutes(1) });
        var engine = new RulesDecisionEngine();
        var portfolio = new PortfolioSnapshot(DateTimeOffset.UtcNow, 100_000_000m, 100_000_000m, 100m, 0m, []);

        TradingPlan? plan = null;
        for (var cycle = 0; cycle < 20; cycle++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var analysis = await analyzer.AnalyzeAsync(universe);
            plan = (await engine.DecideAsync(new DecisionInput(portfolio, analysis, universe, DateTimeOffset.UtcNow))).Plan!;
            output.WriteLine($"cycle {cycle}: stale={analysis.Stale} ({analysis.StaleReason}) tickers={analysis.Tickers.Count} " +
                $"opportunities={string.Join(",", analysis.Opportunities.Select(o => o.Ticker + ":" + o.Kind))} → {plan.Summary}");
            foreach (var t in analysis.Tickers)
                output.WriteLine($"  {t.Ticker} {t.Price} {t.ChangeRatePercent}% surge {t.VolumeSurgeRatio} vol {t.Volume} " +
                    string.Join(" ", t.Indicators.Where(kv => kv.Key is "rsi14" or "sma20" or "sma60" or "macd" or "macd_signal").Select(kv => $"{kv.Key}={kv.Value}")));
            if (plan.Orders.Any(o => o.Side == Side.Buy)) break;
        }

        var buy = Assert.Single(plan!.Orders.Where(o => o.Side == Side.Buy).Take(1));
        Assert.True(buy.Quantity > 0);
        Assert.Contains("Rule ", buy.Justification);
    }
}
