using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The configuration history store's behaviour, run against each real database provider.</summary>
public abstract class ConfigurationVersionStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    protected IConfigurationVersionStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Store = new EfConfigurationVersionStore(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private const string V1 = "{\n  \"Kis\": {\n    \"AppKey\": \"***\",\n    \"Environment\": \"Simulator\"\n  },\n  \"Trading\": {\n    \"Watchlist\": [\n      \"005930\"\n    ]\n  }\n}";
    private const string V2 = "{\n  \"Kis\": {\n    \"AppKey\": \"***\",\n    \"Environment\": \"Paper\"\n  },\n  \"Note\": \"삼성전자 + \\\"따옴표\\\"\"\n}";

    [Fact]
    public async Task AnEmptyHistory_HasNoLatestAndNoVersions()
    {
        Assert.Null(await Store.LatestAsync());
        Assert.Empty(await Store.ListAsync());
        Assert.Null(await Store.GetAsync(1));
    }

    [Fact]
    public async Task AddIfChanged_StoresTheFirstVersion_ThenOnlyWhatDiffers_AndKeepsTheTextExactly()
    {
        var (first, added) = await Store.AddIfChangedAsync(V1, "web app", T0);
        Assert.True(added);
        var (same, addedAgain) = await Store.AddIfChangedAsync(V1, "graph run", T0.AddHours(1));
        Assert.False(addedAgain);
        Assert.Equal(first, same);

        var (second, addedSecond) = await Store.AddIfChangedAsync(V2, "graph run", T0.AddHours(2));
        Assert.True(addedSecond);
        Assert.True(second.Id > first.Id);
        // Back to the first text is a change too (from the second).
        var (third, addedThird) = await Store.AddIfChangedAsync(V1, "web app", T0.AddHours(3));
        Assert.True(addedThird);

        var back = await Store.GetAsync(second.Id);
        Assert.Equal((V2, "graph run", T0.AddHours(2)), (back!.Json, back.RecordedBy, back.RecordedAt));
        Assert.Equal(TimeSpan.Zero, back.RecordedAt.Offset);
        Assert.Equal(EfConfigurationVersionStore.Sha256Of(V2), back.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", back.Sha256);
        Assert.Equal(third.Id, (await Store.LatestAsync())!.Id);
        Assert.Equal(first.Sha256, third.Sha256);
    }

    [Fact]
    public async Task List_IsNewestFirst_WithoutTheJson()
    {
        var a = (await Store.AddIfChangedAsync(V1, "web app", T0)).Version;
        var b = (await Store.AddIfChangedAsync(V2, "web app", T0.AddMinutes(1))).Version;

        var list = await Store.ListAsync();

        Assert.Equal([b.Id, a.Id], list.Select(v => v.Id));
        Assert.All(list, v => Assert.Equal("", v.Json));
        Assert.Equal((b.Sha256, b.RecordedAt), (list[0].Sha256, list[0].RecordedAt));
    }

    [Fact]
    public async Task AWhitespaceDifference_IsADifference()
    {
        await Store.AddIfChangedAsync(V1, "web app", T0);
        Assert.True((await Store.AddIfChangedAsync(V1 + "\n", "web app", T0)).Added);
    }
}

public sealed class SqliteConfigurationVersionStoreTests : ConfigurationVersionStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConfigurationVersionStoreTests(PostgresServer server) : ConfigurationVersionStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
