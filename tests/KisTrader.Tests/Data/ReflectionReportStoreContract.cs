using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The reflection report store's behaviour, run against each real database provider.</summary>
public abstract class ReflectionReportStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);
    protected IReflectionReportStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Store = new EfReflectionReportStore(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static ReflectionReport Report(string id, DateTimeOffset at) => new()
    {
        ReportId = id, Trigger = "schedule", CreatedAt = at, PeriodFrom = at.AddDays(-7), PeriodTo = at,
    };

    // Top-level times come back in UTC; everything else must serialize identically (nested values are JSON text, so
    // their decimals keep their scale and their times their offset).
    private static void AssertSame(ReflectionReport expected, ReflectionReport? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.CompletedAt, actual.CompletedAt);
        Assert.Equal(expected.PeriodFrom, actual.PeriodFrom);
        Assert.Equal(expected.PeriodTo, actual.PeriodTo);
        Assert.Equal(TimeSpan.Zero, actual.CreatedAt.Offset);
        var normalized = actual with
        {
            CreatedAt = expected.CreatedAt, CompletedAt = expected.CompletedAt, PeriodFrom = expected.PeriodFrom, PeriodTo = expected.PeriodTo,
        };
        Assert.Equal(GraphJson.Serialize(expected), GraphJson.Serialize(normalized));
    }

    private static ReflectionReport Full()
    {
        var at = new DateTimeOffset(2026, 12, 6, 20, 0, 0, 5, Kst);
        var trip = new RoundTrip("005930", "t-buy", "t-sell", 10, 71_000m, 69_550.5m, at.AddDays(-3), at.AddDays(-1), -14_495m, 1_234.5678m, -15_729.5678m, -2.2154m);
        var highlight = new TradeHighlight("t-sell", "005930", "SELL", at.AddDays(-1), 10, 69_550.5m, -15_729.5678m, -2.2154m, "손절: 추세 하락", "{\"rsi14\":28.5}");
        var performance = new PerformanceReport(at.AddDays(-7), at, 4, 2, 2, [trip], -15_729.5678m, 2_469.1356m, 0.5m, -1.10m, -15_729.5678m,
            [highlight], [highlight with { TradeId = "t-other", NetPnl = 100m }], new Dictionary<string, long> { ["000660"] = 3, ["005930"] = 0 },
            new BrokerCrossCheck(["daily_ccld", "period_profit"], 4, 4, 3, -15_000m, -15_729.5678m, ["t-9: broker price 69,500 vs ours 69,550.5"], null));
        var insight = new Insight("I-1", "statistics", "BUY", "rsi14", ">= 70", "side == \"BUY\" and rsi14 >= 70", 6, 5, 1, -3.25m, -40_000m,
            0.25m, 4.1m, 1.025m, "과매수 매수: 6건 중 5건 손실");
        return new ReflectionReport
        {
            ReportId = "RR-20261206-1", RunId = "run-42", Trigger = "manual:admin", CreatedAt = at, CompletedAt = at.AddSeconds(37.25),
            PeriodFrom = at.AddDays(-7), PeriodTo = at, Status = ReflectionStatus.Completed, Performance = performance,
            Insights = [insight, insight with { InsightId = "I-2", Source = "llm", Side = "SELL" }],
            LlmAnalysis = "The LLM says: \"buying strength lost\"\n두 번째 줄", LlmNote = "budget ok", RuleIds = ["R-20261206-01", "R-20261206-02"],
            PromptVersion = 3, Summary = "2 insights, 2 rules, 1 adopted", Error = "partial: broker period_profit unavailable",
        };
    }

    [Fact]
    public async Task Save_ThenGet_RoundTripsEveryField()
    {
        var full = Full();
        await Store.SaveAsync(full);
        AssertSame(full, await Store.GetAsync(full.ReportId));

        var running = Report("RR-min", T0);
        await Store.SaveAsync(running);
        var back = await Store.GetAsync("RR-min");
        AssertSame(running, back);
        Assert.Null(back!.Performance);
        Assert.Empty(back.Insights);
        Assert.Equal(ReflectionStatus.Running, back.Status);
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task Save_AnExistingId_ReplacesTheReport()
    {
        await Store.SaveAsync(Report("RR-1", T0));
        var failed = Report("RR-1", T0) with { Status = ReflectionStatus.Failed, CompletedAt = T0.AddMinutes(1), Error = "boom", Summary = "failed" };
        await Store.SaveAsync(failed);
        AssertSame(failed, await Store.GetAsync("RR-1"));
        var completed = Full() with { ReportId = "RR-1" };
        await Store.SaveAsync(completed);
        AssertSame(completed, await Store.GetAsync("RR-1"));
        Assert.Single(await Store.ListAsync());
    }

    [Fact]
    public async Task ConcurrentFirstSaves_LeaveOneReport()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Store.SaveAsync(Report("RR-1", T0) with { Summary = $"s{i}" }))));
        Assert.Single(await Store.ListAsync());
    }

    [Fact]
    public async Task List_IsNewestFirst_AndLimited()
    {
        await Store.SaveAsync(Report("RR-old", T0));
        await Store.SaveAsync(Report("RR-new", T0.AddDays(7)));
        await Store.SaveAsync(Report("RR-mid", T0.AddDays(1)));
        Assert.Equal(["RR-new", "RR-mid", "RR-old"], (await Store.ListAsync()).Select(r => r.ReportId));
        Assert.Equal(["RR-new", "RR-mid"], (await Store.ListAsync(2)).Select(r => r.ReportId));
    }
}

public sealed class SqliteReflectionReportStoreTests : ReflectionReportStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReflectionReportStoreTests(PostgresServer server) : ReflectionReportStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
