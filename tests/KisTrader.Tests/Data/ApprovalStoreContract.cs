using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The approval queue's store, run against each real database provider.</summary>
public abstract class ApprovalStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 5, 0, TimeSpan.Zero);
    protected IApprovalStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Store = new EfApprovalStore(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static PendingApproval Approval(string id, DateTimeOffset at, string run = "r1") => new(id, run,
        new PlannedOrder("005930", Side.Buy, 12, OrderPriceType.Limit, 70_100m, "RSI 28, volume 1.8x", 0.72m),
        RiskVerdict.Approve(10, "cut to the weight limit"), at, at.AddMinutes(10), ApprovalStatus.Pending, null, null, null, null);

    [Fact]
    public async Task QueryDecided_PagesTheDecidedOnly_LatestDecisionFirst_AndFiltersByOutcome()
    {
        for (var i = 0; i < 6; i++)
        {
            await Store.AddAsync(Approval($"d{i}", T0.AddMinutes(i)));
            // Decided in reverse order of creation: d5 first, d0 last.
            await Store.DecideAsync($"d{i}", i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Rejected, "alice", T0.AddHours(1).AddMinutes(-i), "why");
        }
        await Store.AddAsync(Approval("still-pending", T0.AddMinutes(10)));

        var first = await Store.QueryDecidedAsync(new DecidedApprovalQuery(Take: 4));
        Assert.Equal(["d0", "d1", "d2", "d3"], first.Items.Select(a => a.ApprovalId));
        Assert.Equal(6, first.Total);
        var second = await Store.QueryDecidedAsync(new DecidedApprovalQuery(Skip: 4, Take: 4));
        Assert.Equal(["d4", "d5"], second.Items.Select(a => a.ApprovalId));
        var rejected = await Store.QueryDecidedAsync(new DecidedApprovalQuery(ApprovalStatus.Rejected));
        Assert.Equal(["d1", "d3", "d5"], rejected.Items.Select(a => a.ApprovalId));
        Assert.Equal(3, rejected.Total);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryDecidedAsync(new DecidedApprovalQuery(ApprovalStatus.Pending)));
    }

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryField()
    {
        var a = Approval("a1", T0);
        await Store.AddAsync(a);
        Assert.Equal(a, await Store.GetAsync("a1"));
        Assert.Null(await Store.GetAsync("nope"));
    }

    [Fact]
    public async Task Decide_MovesAPendingApprovalOnce_AndRecordsWhoWhenWhy()
    {
        await Store.AddAsync(Approval("a1", T0));

        Assert.True(await Store.DecideAsync("a1", ApprovalStatus.Approved, "alice", T0.AddMinutes(2), "fine"));
        Assert.False(await Store.DecideAsync("a1", ApprovalStatus.Rejected, "bob", T0.AddMinutes(3), "no"));
        Assert.False(await Store.DecideAsync("missing", ApprovalStatus.Approved, "bob", T0, "x"));

        var a = await Store.GetAsync("a1");
        Assert.Equal((ApprovalStatus.Approved, "alice", T0.AddMinutes(2), "fine"), (a!.Status, a.DecidedBy, a.DecidedAt, a.DecisionReason));
    }

    [Fact]
    public async Task ConcurrentDecisions_OnlyOneWins()
    {
        await Store.AddAsync(Approval("a1", T0));
        var wins = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Store.DecideAsync("a1", i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Expired, $"u{i}", T0, "race")));
        Assert.Equal(1, wins.Count(w => w));
    }

    [Fact]
    public async Task List_FiltersByStatus_NewestFirst()
    {
        await Store.AddAsync(Approval("old", T0));
        await Store.AddAsync(Approval("new", T0.AddMinutes(1)));
        await Store.AddAsync(Approval("done", T0.AddMinutes(2)));
        await Store.DecideAsync("done", ApprovalStatus.Rejected, "a", T0, "x");

        Assert.Equal(["new", "old"], (await Store.ListAsync(ApprovalStatus.Pending)).Select(a => a.ApprovalId));
        Assert.Equal(["done", "new", "old"], (await Store.ListAsync(null)).Select(a => a.ApprovalId));
        Assert.Equal(["done"], (await Store.ListAsync(null, max: 1)).Select(a => a.ApprovalId));
    }

    [Fact]
    public async Task Supersede_MovesAPendingApprovalOnce_NamingTheNewerOne_AndItCountsAsDecided()
    {
        await Store.AddAsync(Approval("old", T0));
        await Store.AddAsync(Approval("new", T0.AddMinutes(1), run: "r2"));

        Assert.True(await Store.SupersedeAsync("old", "new", T0.AddMinutes(1), "superseded by new"));
        Assert.False(await Store.SupersedeAsync("old", "newer", T0.AddMinutes(2), "again"));
        Assert.False(await Store.DecideAsync("old", ApprovalStatus.Approved, "alice", T0.AddMinutes(2), "too late"));
        Assert.False(await Store.SupersedeAsync("missing", "new", T0, "x"));

        var a = await Store.GetAsync("old");
        Assert.Equal((ApprovalStatus.Superseded, "new", T0.AddMinutes(1), "superseded by new"), (a!.Status, a.SupersededBy, a.DecidedAt, a.DecisionReason));
        Assert.Equal(["new"], (await Store.ListAsync(ApprovalStatus.Pending)).Select(x => x.ApprovalId));
        Assert.Equal(["old"], (await Store.QueryDecidedAsync(new DecidedApprovalQuery(ApprovalStatus.Superseded))).Items.Select(x => x.ApprovalId));
    }

    [Fact]
    public async Task Supersede_LosesToADecisionTakenFirst()
    {
        await Store.AddAsync(Approval("a1", T0));
        Assert.True(await Store.DecideAsync("a1", ApprovalStatus.Approved, "alice", T0, "fine"));

        Assert.False(await Store.SupersedeAsync("a1", "a2", T0.AddMinutes(1), "superseded"));
        Assert.Equal((ApprovalStatus.Approved, null), ((await Store.GetAsync("a1"))!.Status, (await Store.GetAsync("a1"))!.SupersededBy));
    }

    [Fact]
    public async Task SetOrderId_AttachesTheLedgerOrder()
    {
        await Store.AddAsync(Approval("a1", T0));
        await Store.SetOrderIdAsync("a1", "o-123");
        Assert.Equal("o-123", (await Store.GetAsync("a1"))!.OrderId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SetOrderIdAsync("missing", "o-1"));
    }

    [Fact]
    public async Task ThePlanItCameFrom_IsStoredWithTheApproval()
    {
        var plan = new ProposalPlan("llm", "buy the dip in Samsung", [
            new ProposalPlanOrder(Side.Buy, "005930", 12, "awaiting approval", "a1"),
            new ProposalPlanOrder(Side.Sell, "000660", 3, "OutsideDailyLimits: beyond the daily limit", null)]);
        await Store.AddAsync(Approval("a1", T0) with { Plan = plan });

        var stored = (await Store.GetAsync("a1"))!.Plan!;
        Assert.Equal((plan.Engine, plan.Summary), (stored.Engine, stored.Summary));
        Assert.Equal(plan.Orders, stored.Orders);
        Assert.Null((await Store.GetAsync("a1"))!.NotSentReason);
    }

    [Fact]
    public async Task SetNotSent_RecordsWhyAnApprovedOrderWasNotSent()
    {
        await Store.AddAsync(Approval("a1", T0));
        await Store.DecideAsync("a1", ApprovalStatus.Approved, "alice", T0, "fine");
        await Store.SetNotSentAsync("a1", "the fresh risk check refused it: price moved");
        Assert.Equal("the fresh risk check refused it: price moved", (await Store.GetAsync("a1"))!.NotSentReason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SetNotSentAsync("missing", "x"));
    }
}

public sealed class SqliteApprovalStoreTests : ApprovalStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresApprovalStoreTests(PostgresServer server) : ApprovalStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
