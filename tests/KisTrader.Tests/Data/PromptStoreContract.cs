using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Tests.Data;

/// <summary>The prompt store's behaviour, run against each real database provider.</summary>
public abstract class PromptStoreContract : IAsyncLifetime
{
    private const string Name = PromptVersion.DecisionPrompt;
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);
    private static readonly string[] NoRules = [];
    protected IPromptStore Store { get; private set; } = default!;
    private IDbContextFactory<KisTraderDbContext> _factory = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        _factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(_factory).InitializeAsync();
        Store = new EfPromptStore(_factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static PromptVersion Version(int v, bool active = true, string name = Name) => new()
    {
        PromptName = name, Version = v, Text = $"# Decision prompt v{v}\n\n## Dynamic Rules\n- none\n", ParentVersion = v > 1 ? v - 1 : null,
        Reason = $"reason {v}", Author = v == 1 ? "baseline" : "reflection", CreatedAt = T0.AddHours(v), IsActive = active,
    };

    private async Task<int[]> ActiveVersionsAsync(string name = Name)
    {
        await using var db = await _factory.CreateDbContextAsync();
        return await db.PromptVersions.Where(p => p.PromptName == name && p.IsActive).Select(p => p.Version).ToArrayAsync();
    }

    private static void AssertSame(PromptVersion expected, PromptVersion? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { RuleIds = NoRules }, actual with { RuleIds = NoRules });
        Assert.Equal(expected.RuleIds, actual.RuleIds);
        Assert.Equal(TimeSpan.Zero, actual.CreatedAt.Offset);
    }

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryField()
    {
        await Store.AddAsync(Version(1));
        var v2 = Version(2) with
        {
            Text = "한글 프롬프트\r\n\"quoted\" {json}\n", ReportId = "RR-20261206-1", RuleIds = ["R-20261206-02", "R-20261206-01"],
            CreatedAt = new DateTimeOffset(2026, 12, 6, 20, 0, 0, 123, TimeSpan.FromHours(9)),
        };
        await Store.AddAsync(v2);
        AssertSame(v2, await Store.GetAsync(Name, 2));
        AssertSame(Version(1) with { IsActive = false }, await Store.GetAsync(Name, 1));
        Assert.Null(await Store.GetAsync(Name, 3));
        Assert.Null(await Store.GetAsync("other", 1));
    }

    [Fact]
    public async Task Add_RequiresTheNextNumber_AndRefusesATakenOrSkippedOne()
    {
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.AddAsync(Version(2)));
        await Store.AddAsync(Version(1));
        await Store.AddAsync(Version(2));
        var taken = await Assert.ThrowsAsync<TradingSystemException>(() => Store.AddAsync(Version(2) with { Text = "changed" }));
        Assert.Contains("immutable", taken.Message);
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.AddAsync(Version(1)));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.AddAsync(Version(4)));
        Assert.Equal("reason 2", (await Store.GetAsync(Name, 2))!.Reason);
        Assert.Equal([2, 1], (await Store.ListAsync(Name)).Select(v => v.Version));
        // Numbering is per prompt name.
        await Store.AddAsync(Version(1, name: "other"));
    }

    [Fact]
    public async Task AddActive_MakesItTheOnlyActiveVersion_AddInactive_KeepsTheCurrentOne()
    {
        await Store.AddAsync(Version(1));
        await Store.AddAsync(Version(2));
        Assert.Equal(new[] { 2 }, await ActiveVersionsAsync());
        await Store.AddAsync(Version(3, active: false));
        Assert.Equal(new[] { 2 }, await ActiveVersionsAsync());
        Assert.Equal(2, (await Store.GetActiveAsync(Name))!.Version);
    }

    [Fact]
    public async Task Activate_FlipsTheActiveVersion_PerPromptName()
    {
        await Store.AddAsync(Version(1));
        await Store.AddAsync(Version(2));
        await Store.AddAsync(Version(1, name: "other"));
        Assert.True(await Store.ActivateAsync(Name, 1));
        Assert.Equal(new[] { 1 }, await ActiveVersionsAsync());
        Assert.Equal(new[] { 1 }, await ActiveVersionsAsync("other"));
        Assert.True(await Store.ActivateAsync(Name, 1)); // already active: stays the only one
        Assert.Equal(new[] { 1 }, await ActiveVersionsAsync());
        Assert.Equal(1, (await Store.GetActiveAsync(Name))!.Version);
    }

    [Fact]
    public async Task Activate_UnknownVersion_ReturnsFalse_AndChangesNothing()
    {
        Assert.False(await Store.ActivateAsync(Name, 1));
        await Store.AddAsync(Version(1));
        Assert.False(await Store.ActivateAsync(Name, 7));
        Assert.False(await Store.ActivateAsync("other", 1));
        Assert.Equal(new[] { 1 }, await ActiveVersionsAsync());
        Assert.Null(await Store.GetActiveAsync("other"));
    }

    [Fact]
    public async Task ConcurrentActivations_EndWithExactlyOneActiveVersion()
    {
        for (var v = 1; v <= 5; v++) await Store.AddAsync(Version(v));
        for (var round = 0; round < 3; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Store.ActivateAsync(Name, 1 + (i + round) % 5))));
            Assert.All(results, Assert.True);
            Assert.Single(await ActiveVersionsAsync());
        }
    }

    [Fact]
    public async Task ConcurrentAddsAndActivations_NeverLeaveTwoActive_AndNumberEachVersionOnce()
    {
        await Store.AddAsync(Version(1));
        var adds = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            // Each writer reads the next number and tries it; the loser of a race is refused and tries again.
            for (var attempt = 0; ; attempt++)
            {
                var next = (await Store.ListAsync(Name))[0].Version + 1;
                try { await Store.AddAsync(Version(next)); return; }
                catch (TradingSystemException) when (attempt < 20) { }
            }
        }));
        var activations = Enumerable.Range(0, 6).Select(_ => Task.Run(() => Store.ActivateAsync(Name, 1)));
        await Task.WhenAll([.. adds, .. activations]);
        Assert.Equal([5, 4, 3, 2, 1], (await Store.ListAsync(Name)).Select(v => v.Version));
        Assert.Single(await ActiveVersionsAsync());
    }

    [Fact]
    public async Task List_IsNewestFirst_AndOnlyThatPrompt()
    {
        await Store.AddAsync(Version(1));
        await Store.AddAsync(Version(1, name: "other"));
        await Store.AddAsync(Version(2, active: false));
        await Store.AddAsync(Version(3));
        var list = await Store.ListAsync(Name);
        Assert.Equal([3, 2, 1], list.Select(v => v.Version));
        Assert.Equal([true, false, false], list.Select(v => v.IsActive));
        Assert.Empty(await Store.ListAsync("missing"));
    }

    [Fact]
    public async Task Database_RefusesASecondActiveRow_EvenWithoutTheStore()
    {
        await Store.AddAsync(Version(1));
        await Store.AddAsync(Version(2, active: false));
        await using var db = await _factory.CreateDbContextAsync();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.PromptVersions.Where(p => p.Version == 2).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, true)));
    }
}

public sealed class SqlitePromptStoreTests : PromptStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPromptStoreTests(PostgresServer server) : PromptStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
