using KisTrader.Core.Decisions;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Tests.Llm;

/// <summary>The LLM usage store on each real database provider.</summary>
public abstract class LlmUsageStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 2, 0, 0, TimeSpan.Zero);
    protected ILlmUsageStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Store = new EfLlmUsageStore(factory);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Add_ThenRecent_RoundTripsEveryField()
    {
        var u = new LlmUsageRecord(T0, "gpt-4o-mini-2024-07-18", 4_321, 765, 0.001107m, "run-1", LlmOutcome.Accepted);
        await Store.AddAsync(u);
        Assert.Equal(u, Assert.Single(await Store.GetRecentAsync(10)));
    }

    [Fact]
    public async Task CostSince_SumsOnlyCallsFromThatMoment()
    {
        await Store.AddAsync(new LlmUsageRecord(T0.AddDays(-30), "m", 1, 1, 5m, null, LlmOutcome.Accepted));
        await Store.AddAsync(new LlmUsageRecord(T0, "m", 1, 1, 0.25m, null, LlmOutcome.Rejected));
        await Store.AddAsync(new LlmUsageRecord(T0.AddHours(1), "m", 1, 1, 0.125m, "r", LlmOutcome.Accepted));

        Assert.Equal(0.375m, await Store.GetCostSinceAsync(T0));
        Assert.Equal(5.375m, await Store.GetCostSinceAsync(T0.AddDays(-31)));
        Assert.Equal(0m, await Store.GetCostSinceAsync(T0.AddDays(1)));
    }

    [Fact]
    public async Task Recent_IsNewestFirst()
    {
        await Store.AddAsync(new LlmUsageRecord(T0, "a", 1, 1, 0m, null, LlmOutcome.Error));
        await Store.AddAsync(new LlmUsageRecord(T0.AddMinutes(1), "b", 1, 1, 0m, null, LlmOutcome.Timeout));
        Assert.Equal(["b", "a"], (await Store.GetRecentAsync(5)).Select(r => r.Model));
    }
}

public sealed class SqliteLlmUsageStoreTests : LlmUsageStoreContract
{
    private string _dir = "";

    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kistrader-llm-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_dir);
        return Task.FromResult((DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dir, "kistrader.db")};Pooling=False"));
    }

    public override Task DisposeAsync()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLlmUsageStoreTests(PostgresServer server) : LlmUsageStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
