using KisTrader.Core.Errors;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Rules;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The strategy rule store's behaviour, run against each real database provider.</summary>
public abstract class StrategyRuleStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);
    private static readonly string[] None = [];
    protected IStrategyRuleStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Store = new EfStrategyRuleStore(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    internal static StrategyRule Rule(string id, DateTimeOffset at, string? report = "RR-1", RuleStatus status = RuleStatus.Proposed) => new()
    {
        RuleId = id, Category = RuleCategory.Entry, Condition = "side == \"BUY\" and rsi14 >= 70", Action = RuleAction.Block,
        Priority = 5, Rationale = "overbought buys lost", InsightId = "I-" + id, ReportId = report, Status = status, CreatedAt = at,
    };

    private static void AssertSame(StrategyRule expected, StrategyRule? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { RejectionReasons = None, Shadow = null, Backtest = null, Retirement = null },
            actual with { RejectionReasons = None, Shadow = null, Backtest = null, Retirement = null });
        Assert.Equal(expected.RejectionReasons, actual.RejectionReasons);
        // Nested decimals travel as JSON text, so they come back with their exact scale.
        Assert.Equal(expected.Shadow is null ? null : GraphJson.Serialize(expected.Shadow), actual.Shadow is null ? null : GraphJson.Serialize(actual.Shadow));
        Assert.Equal(expected.Backtest is null ? null : GraphJson.Serialize(expected.Backtest), actual.Backtest is null ? null : GraphJson.Serialize(actual.Backtest));
        Assert.Equal(expected.Retirement is null ? null : GraphJson.Serialize(expected.Retirement), actual.Retirement is null ? null : GraphJson.Serialize(actual.Retirement));
        Assert.Equal(TimeSpan.Zero, actual.CreatedAt.Offset);
    }

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryField()
    {
        var full = new StrategyRule
        {
            RuleId = "R-20261206-01", Category = RuleCategory.Sizing, Condition = "side == \"BUY\" and (trend == \"down\" or signal_sharp_drop) and not held",
            Action = RuleAction.ReduceSize, SizeFactor = 0.3725m, Priority = 10, Rationale = "하락 추세 매수는 손실 — \"5 of 6 lost\"\nsecond line",
            InsightId = "I-7", ReportId = "RR-20261206-1", Status = RuleStatus.Adopted, RejectionReasons = ["first reason", "두 번째"],
            Shadow = new ShadowResult(42, 6, 5, 1, 123_456.78m, 9_999.5m, ["t-1", "t-2", "t-3"]),
            Backtest = new KisTrader.Core.Reflection.RuleBacktest
            {
                Backtested = true, From = new DateOnly(2026, 9, 1), To = new DateOnly(2026, 11, 30), PromptVersion = 2, BaselineRules = ["R-0"],
                Instruments = 3, Sessions = 61, DataSha256 = new string('a', 64), EndingEquityWithout = 100_000_000m, EndingEquityWith = 100_012_345.5m,
                OrdersWithout = 12, OrdersWith = 9, TradesBlocked = 3, TradesReduced = 1, MaxDrawdownWithout = 0.0412, MaxDrawdownWith = 0.0321,
            },
            Retirement = new KisTrader.Core.Reflection.RuleRetirement("boss", T0.AddDays(1), "too strict", 4,
                KisTrader.Core.Reflection.RuleBacktest.NotBacktested(new DateOnly(2026, 9, 2), new DateOnly(2026, 12, 1), "no history for 005930")),
            CreatedAt = new DateTimeOffset(2026, 12, 6, 20, 0, 1, 250, TimeSpan.FromHours(9)),
            DecidedBy = "admin", DecidedAt = T0.AddMinutes(3), DecisionReason = "net effect positive", AdoptedInVersion = 3,
        };
        await Store.AddAsync(full);
        AssertSame(full, await Store.GetAsync(full.RuleId));

        var minimal = Rule("R-min", T0, report: null) with { InsightId = null, Action = RuleAction.RequireApproval, Category = RuleCategory.Risk };
        await Store.AddAsync(minimal);
        var back = await Store.GetAsync("R-min");
        AssertSame(minimal, back);
        Assert.Null(back!.Shadow);
        Assert.Null(back.Backtest);
        Assert.Null(back.Retirement);
        Assert.Empty(back.RejectionReasons);
        Assert.Equal(1m, back.SizeFactor);
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task Add_TakenId_IsRefused_AndKeepsTheFirst()
    {
        await Store.AddAsync(Rule("R-1", T0));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.AddAsync(Rule("R-1", T0) with { Priority = 1 }));
        Assert.Equal(5, (await Store.GetAsync("R-1"))!.Priority);
    }

    [Fact]
    public async Task Update_ThatWouldChangeWhatTheRuleSays_IsRefused_AndKeepsTheRule()
    {
        await Store.AddAsync(Rule("R-1", T0));
        var original = await Store.GetAsync("R-1");
        await Assert.ThrowsAsync<KisTrader.Core.Errors.TradingSystemException>(() => Store.UpdateAsync(original! with { Condition = "side == \"BUY\"" }));
        await Assert.ThrowsAsync<KisTrader.Core.Errors.TradingSystemException>(() => Store.UpdateAsync(original! with { Action = RuleAction.RequireApproval }));
        AssertSame(original!, await Store.GetAsync("R-1"));
    }

    [Fact]
    public async Task Update_ReplacesTheStoredRule_OrReturnsFalse()
    {
        await Store.AddAsync(Rule("R-1", T0));
        var decided = Rule("R-1", T0) with
        {
            Status = RuleStatus.Rejected, RejectionReasons = ["admin: too broad"], DecidedBy = "admin", DecidedAt = T0.AddHours(1),
            DecisionReason = "too broad", Shadow = new ShadowResult(10, 2, 1, 1, 100m, 250m, ["a", "b"]),
        };
        Assert.True(await Store.UpdateAsync(decided));
        AssertSame(decided, await Store.GetAsync("R-1"));
        var cleared = decided with { Shadow = null, RejectionReasons = [], DecidedAt = null };
        Assert.True(await Store.UpdateAsync(cleared));
        AssertSame(cleared, await Store.GetAsync("R-1"));
        Assert.False(await Store.UpdateAsync(Rule("R-missing", T0)));
        Assert.Null(await Store.GetAsync("R-missing"));
    }

    [Fact]
    public async Task GetMany_ReturnsTheGivenOrder_LeavingOutUnknownIds()
    {
        await Store.AddAsync(Rule("R-a", T0));
        await Store.AddAsync(Rule("R-b", T0.AddMinutes(1)));
        await Store.AddAsync(Rule("R-c", T0.AddMinutes(2)));
        Assert.Equal(["R-c", "R-a", "R-b"], (await Store.GetManyAsync(["R-c", "R-x", "R-a", "R-b"])).Select(r => r.RuleId));
        Assert.Empty(await Store.GetManyAsync([]));
        Assert.Empty(await Store.GetManyAsync(["R-x"]));
    }

    [Fact]
    public async Task List_ByReportInProposalOrder_AllNewestFirst_OptionallyByStatus()
    {
        await Store.AddAsync(Rule("R-2", T0.AddMinutes(1), "RR-1", RuleStatus.Invalid));
        await Store.AddAsync(Rule("R-1", T0, "RR-1", RuleStatus.Adopted));
        await Store.AddAsync(Rule("R-3", T0.AddMinutes(1), "RR-1", RuleStatus.Adopted));
        await Store.AddAsync(Rule("R-9", T0.AddDays(1), "RR-2", RuleStatus.Proposed));
        await Store.AddAsync(Rule("R-admin", T0.AddDays(2), null, RuleStatus.Adopted));

        Assert.Equal(["R-1", "R-2", "R-3"], (await Store.ListAsync("RR-1")).Select(r => r.RuleId));
        Assert.Equal(["R-1", "R-3"], (await Store.ListAsync("RR-1", RuleStatus.Adopted)).Select(r => r.RuleId));
        Assert.Equal(["R-admin", "R-9", "R-3", "R-2", "R-1"], (await Store.ListAsync()).Select(r => r.RuleId));
        Assert.Equal(["R-admin", "R-3", "R-1"], (await Store.ListAsync(status: RuleStatus.Adopted)).Select(r => r.RuleId));
        Assert.Empty(await Store.ListAsync("RR-2", RuleStatus.Rejected));
        Assert.Empty(await Store.ListAsync("RR-none"));
    }
}

public sealed class SqliteStrategyRuleStoreTests : StrategyRuleStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStrategyRuleStoreTests(PostgresServer server) : StrategyRuleStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
