using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The graph store's behaviour, run against each real database provider.</summary>
public abstract class GraphStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 5, 0, TimeSpan.Zero);
    protected IGraphStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Store = new EfGraphStore(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static GraphRun Run(string id, DateTimeOffset at, RunStatus status = RunStatus.Running, string graph = "operational") =>
        new(id, graph, "schedule", status, at, null, "DiagnosePortfolio", "{\"runId\":\"" + id + "\"}", null, null);

    [Fact]
    public async Task QueryRuns_PagesOneGraphNewestFirst_CountsAllThatMatch_AndFiltersByStatus()
    {
        for (var i = 0; i < 7; i++)
            await Store.CreateRunAsync(Run($"q{i}", T0.AddMinutes(i), i % 3 == 0 ? RunStatus.Failed : RunStatus.Completed));
        await Store.CreateRunAsync(Run("other", T0.AddMinutes(30), graph: "reflection"));

        var first = await Store.QueryRunsAsync(new RunQuery("operational", Skip: 0, Take: 3));
        Assert.Equal(["q6", "q5", "q4"], first.Items.Select(r => r.RunId));
        Assert.Equal(7, first.Total);
        var last = await Store.QueryRunsAsync(new RunQuery("operational", Skip: 6, Take: 3));
        Assert.Equal(["q0"], last.Items.Select(r => r.RunId));
        var failed = await Store.QueryRunsAsync(new RunQuery("operational", RunStatus.Failed, Take: 10));
        Assert.Equal(["q6", "q3", "q0"], failed.Items.Select(r => r.RunId));
        Assert.Equal(3, failed.Total);
        var oldest = await Store.QueryRunsAsync(new RunQuery(null, Take: 2, NewestFirst: false));
        Assert.Equal(["q0", "q1"], oldest.Items.Select(r => r.RunId));
        Assert.Equal(8, oldest.Total);
    }

    [Fact]
    public async Task CreateThenUpdate_RoundTripsEveryField()
    {
        await Store.CreateRunAsync(Run("r1", T0));
        var done = Run("r1", T0) with
        {
            Status = RunStatus.Completed, EndedAt = T0.AddSeconds(12.5), NextNode = null, StateJson = "{\"report\":{\"lines\":[\"한글 ok\"]}}",
            Summary = "rules: 1 planned", Error = "none",
        };
        await Store.UpdateRunAsync(done);
        Assert.Equal(done, await Store.GetRunAsync("r1"));
        Assert.Null(await Store.GetRunAsync("missing"));
    }

    [Fact]
    public async Task AddStep_ReplacesTheStepWithTheSameSequence_AndListsInOrder()
    {
        await Store.CreateRunAsync(Run("r1", T0));
        await Store.AddStepAsync(new GraphStep("r1", 1, "ExecuteOrders", T0.AddSeconds(2), 0, "{\"a\":1}", null, null, true));
        await Store.AddStepAsync(new GraphStep("r1", 0, "CheckRisk", T0, 15, "{}", "{\"a\":1}", null, false));
        var completed = new GraphStep("r1", 1, "ExecuteOrders", T0.AddSeconds(2), 340, "{\"a\":1}", "{\"a\":2}", "boom", true);
        await Store.AddStepAsync(completed);

        var steps = await Store.StepsAsync("r1");
        Assert.Equal(["CheckRisk", "ExecuteOrders"], steps.Select(s => s.Node));
        Assert.Equal(completed, steps[1]);
    }

    [Fact]
    public async Task Checkpoint_StoresTheStepAndTheRunTogether_ReplacingAStartedStep()
    {
        await Store.CreateRunAsync(Run("r1", T0));
        await Store.AddStepAsync(new GraphStep("r1", 0, "ExecuteOrders", T0, 0, "{\"a\":1}", null, null, true));
        var completed = new GraphStep("r1", 0, "ExecuteOrders", T0, 340, "{\"a\":1}", "{\"a\":2}", null, true);
        var next = Run("r1", T0) with { NextNode = "RecordAndReport", StateJson = "{\"a\":2}" };
        await Store.CheckpointAsync(completed, next);
        var last = new GraphStep("r1", 1, "RecordAndReport", T0.AddSeconds(1), 20, "{\"a\":2}", "{\"a\":3}", null, false);
        var done = next with { Status = RunStatus.Completed, NextNode = null, StateJson = "{\"a\":3}", EndedAt = T0.AddSeconds(2), Summary = "completed" };
        await Store.CheckpointAsync(last, done);

        Assert.Equal([completed, last], await Store.StepsAsync("r1"));
        Assert.Equal(done, await Store.GetRunAsync("r1"));
    }

    [Fact]
    public async Task UpdateRun_OfAnUnknownRun_Throws_AndACheckpointOfOneStoresNoStep()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateRunAsync(Run("missing", T0)));
        await Assert.ThrowsAnyAsync<Exception>(() => Store.CheckpointAsync(new GraphStep("missing", 0, "CheckRisk", T0, 1, "{}", "{}", null, false), Run("missing", T0)));
        Assert.Empty(await Store.StepsAsync("missing"));
    }

    [Fact]
    public async Task ListRuns_NewestFirst_FilteredByGraph()
    {
        await Store.CreateRunAsync(Run("old", T0));
        await Store.CreateRunAsync(Run("new", T0.AddMinutes(10)));
        await Store.CreateRunAsync(Run("other", T0.AddMinutes(5), graph: "reflection"));
        Assert.Equal(["new", "old"], (await Store.ListRunsAsync("operational")).Select(r => r.RunId));
        Assert.Equal(["new", "other", "old"], (await Store.ListRunsAsync(null)).Select(r => r.RunId));
        Assert.Equal(["new"], (await Store.ListRunsAsync(null, max: 1)).Select(r => r.RunId));
    }

    [Fact]
    public async Task UnfinishedRuns_AreRunningOrParked_OldestFirst()
    {
        await Store.CreateRunAsync(Run("parked", T0.AddMinutes(1), RunStatus.AwaitingApproval));
        await Store.CreateRunAsync(Run("crashed", T0, RunStatus.Running));
        await Store.CreateRunAsync(Run("done", T0, RunStatus.Completed));
        await Store.CreateRunAsync(Run("failed", T0, RunStatus.Failed));
        Assert.Equal(["crashed", "parked"], (await Store.UnfinishedRunsAsync()).Select(r => r.RunId));
    }
}

public sealed class SqliteGraphStoreTests : GraphStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresGraphStoreTests(PostgresServer server) : GraphStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
