using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Decisions.Caching;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;
using KisTrader.Tests.Llm;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Tests.Backtesting;

/// <summary>The LLM engine in a backtest through the response cache, with the app's real OpenAI client over HTTP against
/// the loopback chat-completions server: a first run fetches and stores, a repeated run replays without a single call
/// and gives the same bytes; a budget caps the calls and the rest are counted misses, never invented answers.</summary>
public sealed class BacktestLlmCacheTests
{
    private const string Hold = """{"orders":[],"market_view":"Calm.","hold_reason":"Nothing qualifies today."}""";
    private const string Buy = """{"orders":[{"ticker":"005930","side":"BUY","quantity":10,"price_type":"MARKET","limit_price":null,"justification":"Entry: uptrend above the 20-day average.","confidence":0.6}],"market_view":"Firm.","hold_reason":""}""";

    private static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
        DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
    };

    private static (BacktestRequest Request, BacktestBars Bars) Setup()
    {
        var bars = OperationalGraphOverHistoryTests.Bars(new KrxCalendar(), 100);
        var rows = bars.SelectMany(kv => kv.Value.Select(b =>
            HistoryBar.Daily(kv.Key, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "test", DateTimeOffset.UnixEpoch))).ToList();
        var dates = bars["005930"].Select(b => b.Date).ToList();
        var request = new BacktestRequest
        {
            From = dates[70], To = dates[^1], Engine = BacktestEngineKind.Llm, RiskLimits = Limits,
            Prompt = new PromptText(File.ReadAllText(RepoPrompt.Path), 4),
        };
        return (request, BacktestBars.FromRows(rows, request));
    }

    private static async Task<(BacktestReport Report, LlmCacheCounters Counters)> RunAsync(ILlmClient inner, ILlmResponseCache cache, LlmCacheMode mode, int? budget,
        BacktestRequest request, BacktestBars bars)
    {
        var client = new CachingLlmClient(inner, cache, TimeProvider.System, new LlmCacheOptions { Mode = mode, Model = "m", MaxCalls = budget });
        var report = await new BacktestEngine(client).RunAsync(request, bars);
        return (report with { LlmCacheMisses = client.Counters.MissesRefused }, client.Counters);
    }

    [Fact]
    public async Task ARepeatedBacktest_WithAWarmCache_CallsTheModelZeroTimes_AndGivesTheSameBytes()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        var (request, bars) = Setup();
        for (var i = 0; i < 30; i++) server.Enqueue(new ChatReply(i % 4 == 0 ? Buy : Hold));
        var inner = TestLlmClient.Create(new LlmOptions { Endpoint = server.Endpoint, ApiKey = "k", Model = "m" });
        var cache = new InMemoryLlmResponseCache();

        var (first, fetched) = await RunAsync(inner, cache, LlmCacheMode.FetchWithinBudget, 100, request, bars);
        var calls = server.Requests.Count;
        var (second, replayed) = await RunAsync(inner, cache, LlmCacheMode.ReplayOnly, null, request, bars);

        Assert.Equal(30, first.Decisions);
        Assert.Equal(30, calls);
        Assert.Equal(new LlmCacheCounters(0, 30, 0, 30 * 1_200), fetched);
        Assert.Equal(30, cache.Count);
        // The model's buys were traded: the run is not trivially empty.
        Assert.NotEmpty(first.Fills);
        Assert.Equal(0, first.NoDecisions);
        Assert.Equal(calls, server.Requests.Count);
        Assert.Equal(new LlmCacheCounters(30, 0, 0, 0), replayed);
        Assert.Equal(BacktestJson.SerializeToUtf8Bytes(first), BacktestJson.SerializeToUtf8Bytes(second));
        Assert.Contains("\"LlmCacheMisses\":0", BacktestJson.Serialize(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABudget_CapsTheCalls_AndEveryMissIsCountedAsNoDecision()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        var (request, bars) = Setup();
        for (var i = 0; i < 30; i++) server.Enqueue(new ChatReply(Buy));
        var inner = TestLlmClient.Create(new LlmOptions { Endpoint = server.Endpoint, ApiKey = "k", Model = "m" });

        var (report, counters) = await RunAsync(inner, new InMemoryLlmResponseCache(), LlmCacheMode.FetchWithinBudget, 7, request, bars);

        Assert.Equal(7, server.Requests.Count);
        Assert.Equal(new LlmCacheCounters(0, 7, 23, 7 * 1_200), counters);
        Assert.Equal(23, report.LlmCacheMisses);
        Assert.Equal(23, report.NoDecisions);
        // Only the seven answered sessions could buy.
        Assert.InRange(report.Orders.Count, 1, 7);
    }

    [Fact]
    public async Task ReplayOnly_OnAColdCache_CallsNothing_AndTradesNothing()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        var (request, bars) = Setup();
        var inner = TestLlmClient.Create(new LlmOptions { Endpoint = server.Endpoint, ApiKey = "k", Model = "m" });

        var (report, _) = await RunAsync(inner, new InMemoryLlmResponseCache(), LlmCacheMode.ReplayOnly, null, request, bars);

        Assert.Empty(server.Requests);
        Assert.Equal((30, 30, 30), (report.Decisions, report.NoDecisions, report.LlmCacheMisses));
        Assert.Empty(report.Orders);
    }
}
