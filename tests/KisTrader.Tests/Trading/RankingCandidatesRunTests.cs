using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ports;
using KisTrader.Simulator;
using KisTrader.Tests.Core.Market.Candidates;
using KisTrader.Tests.Trading.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Trading;

/// <summary>Candidates beyond the watchlist on the composed app: the KIS client in the real environment (KIS has
/// rankings only there) against a simulator of the test's own in real mode, over real HTTP and WebSocket; a test model
/// (<see cref="TableScorer"/>) scores them. The watchlist is one ticker, so every other instrument of the simulator is in
/// its volume and fluctuation rankings.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class RankingCandidatesRunTests
{
    private const string Watched = "005930";

    private static async Task<(SimulatorHost Simulator, TradingApp App)> StartAsync(TempDataDir dir, TableScorer scorer, Dictionary<string, string?> more)
    {
        var simulator = await SimulatorHost.StartAsync(new SimulatorSettings { Mode = SimulatorMode.Real, AlwaysOpen = true });
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Kis:Environment"] = "Real",
                ["Kis:RestBaseUrl"] = simulator.BaseUrl.ToString(),
                ["Kis:WebSocketUrl"] = simulator.WebSocketUrl.ToString(),
                ["Kis:AppKey"] = "PScandAppKey0000000000000000000000000",
                ["Kis:AppSecret"] = "candAppSecret000000000000000000000000000000000000000000",
                ["Kis:AccountNumber"] = "61234578",
                ["Kis:HtsId"] = "candidates",
                ["Trading:Watchlist:0"] = Watched,
                // The simulated day starts with little traded value: the liquidity screen is not what these tests are about.
                ["Trading:Candidates:MinTradeValue"] = "0",
                ["Trading:Candidates:RankingsRefreshMinutes"] = "0",
            };
            foreach (var (k, v) in more) settings[k] = v;
            var app = await TradingApp.StartAsync(dir, settings, s => s.AddSingleton<IMlSignalScorer>(scorer));
            return (simulator, app);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task ARankedTickerTheModelScoresHigh_IsAnalysedSubscribedAndBoughtByTheRulesEngine_AndDroppedOnesAreUnsubscribed()
    {
        using var dir = new TempDataDir();
        var probabilities = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var scorer = new TableScorer(probabilities);
        var (simulator, app) = await StartAsync(dir, scorer, new()
        {
            ["Trading:Candidates:Max"] = "20",
            // The rules engine buys only what the model backs at 0.8: nothing in the first run (every candidate at 0.65).
            ["Trading:Rules:MinMlProbability"] = "0.8",
            ["Trading:Rules:VolumeSurgeRatio"] = "0",
        });
        await using var sim = simulator;
        await using var running = app;
        var feed = app.Get<IRealtimeFeed>();
        string[] others;
        lock (simulator.Exchange.Gate)
            others = [.. simulator.Exchange.Instruments.Select(i => i.Code).Where(c => c != Watched)];
        foreach (var code in others) probabilities[code] = 0.65m;

        var first = await app.RunAsync();
        var analysis = (await app.StateAsync(first.RunId!)).Analysis!;

        Assert.NotEqual("Failed", first.Status);
        Assert.Equal(20, analysis.Candidates.Count);
        Assert.All(analysis.Candidates, c => Assert.True(c.Realtime, $"{c.Ticker} has no realtime subscription"));
        Assert.All(analysis.Candidates, c => Assert.Equal(0.65m, analysis.Find(c.Ticker)?.MlProbability));
        Assert.Equal(analysis.Candidates.Select(c => c.Ticker).Order(), feed.TradeSubscriptions.Where(t => t != Watched).Order());
        Assert.Contains("scored by up5d-1pct model 7", analysis.CandidateNote);
        Assert.Empty((await app.StateAsync(first.RunId!)).Executions);

        // The model now backs one of them, the quietest (lowest RSI, far from the volume-surge rule's RSI cap of 75), staged
        // to +2% on the day, which the volume-surge rule buys; the others fall below the minimum.
        var chosen = analysis.Candidates.Select(c => analysis.Find(c.Ticker)!)
            .Where(t => t.Indicators.ContainsKey("rsi14") && Math.Abs(t.ChangeRatePercent) < 5m).OrderBy(t => t.Indicators["rsi14"]).First();
        foreach (var code in others) probabilities[code] = 0.1m;
        probabilities[chosen.Ticker] = 0.9m;
        await ShockAsync(app, simulator, chosen.Ticker, ToPercent(2m, chosen.ChangeRatePercent));

        var second = await app.RunAsync();
        var state = await app.StateAsync(second.RunId!);

        var candidate = Assert.Single(state.Analysis!.Candidates);
        Assert.Equal((chosen.Ticker, 0.9m, true), (candidate.Ticker, candidate.Probability, candidate.Realtime));
        Assert.Equal(new[] { Watched, chosen.Ticker }.Order(), feed.TradeSubscriptions.Order());
        var check = Assert.Single(state.Checks, c => c.Order.Ticker == chosen.Ticker);
        Assert.True(check.Verdict.Approved, $"{check.Verdict.Code}: {check.Verdict.Reason}");
        var sent = Assert.Single(state.Executions, e => e.Order.Ticker == chosen.Ticker);
        Assert.Equal(Side.Buy, sent.Order.Side);
        Assert.NotNull(sent.OrderId);
        Assert.Contains("ML signal 0.9", sent.Order.Justification);
    }

    [Fact]
    public async Task WithTheRealtimeBudgetFull_TheCandidateIsAnalysedByRest_AndNotSubscribed()
    {
        using var dir = new TempDataDir();
        var probabilities = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var scorer = new TableScorer(probabilities);
        // 40 slots − 39 kept for order books − the one watched ticker: nothing left for candidates.
        var (simulator, app) = await StartAsync(dir, scorer, new() { ["Trading:Candidates:ReservedRealtimeSlots"] = "39" });
        await using var sim = simulator;
        await using var running = app;
        string target;
        lock (simulator.Exchange.Gate)
            target = simulator.Exchange.Instruments.Select(i => i.Code).First(c => c != Watched);
        probabilities[target] = 0.9m;

        var run = await app.RunAsync();
        var analysis = (await app.StateAsync(run.RunId!)).Analysis!;

        var candidate = Assert.Single(analysis.Candidates);
        Assert.Equal((target, false), (candidate.Ticker, candidate.Realtime));
        var ticker = analysis.Find(target);
        Assert.NotNull(ticker);
        Assert.True(ticker.Price > 0);
        Assert.False(app.Get<TickCache>().TryGet(target, out _)); // priced by a REST quote
        Assert.Equal([Watched], app.Get<IRealtimeFeed>().TradeSubscriptions);
        Assert.Contains("0 of 1 have realtime quotes (0 slot(s) left", analysis.CandidateNote);
        Assert.False(analysis.Stale, analysis.StaleReason);
    }

    private static decimal ToPercent(decimal target, decimal today) =>
        Math.Clamp(Math.Round(((1m + target / 100m) / (1m + today / 100m) - 1m) * 100m, 2), -29.5m, 29.5m);

    /// <summary>Moves <paramref name="code"/> on the test's simulator (POST /sim/control/shock) and waits for the move to
    /// reach the app's realtime cache.</summary>
    private static async Task ShockAsync(TradingApp app, SimulatorHost simulator, string code, decimal percent)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseUrl };
        var before = await app.PriceAsync(code);
        var answer = await http.PostAsync("/sim/control/shock", new StringContent($"{{\"code\":\"{code}\",\"percent\":{percent}}}", Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        var target = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("price").GetDecimal();
        var cache = app.Get<TickCache>();
        await Poll.UntilAsync(() => Task.FromResult(cache.TryGet(code, out var t) && Math.Abs(t.Price - target) <= Math.Abs(target - before) * 0.2m),
            TimeSpan.FromSeconds(10), $"the {percent}% shock of {code} to reach the feed");
    }
}
