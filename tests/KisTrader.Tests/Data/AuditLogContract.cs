using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The audit log's store, run against each real database provider.</summary>
public abstract class AuditLogContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 5, 0, TimeSpan.Zero);
    protected IAuditLog Log { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        Log = new EfAuditLog(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task SeedAsync()
    {
        // Written in this order; two share a timestamp, so only the order of writing can rank them.
        string[] actions = ["trading.halt", "user.created", "trading.resume", "approval.approved", "trading.reduce", "user.unlocked", "trading.halt"];
        for (var i = 0; i < actions.Length; i++)
            await Log.WriteAsync(new AuditEntry(T0.AddMinutes(i == 6 ? 5 : i), i % 2 == 0 ? "alice" : "bob", actions[i], $"target-{i}", null));
    }

    [Fact]
    public async Task Query_PagesNewestFirst_InTheOrderOfWriting_AndCountsAll()
    {
        await SeedAsync();
        var first = await Log.QueryAsync(new AuditQuery(Take: 3));
        Assert.Equal(["target-6", "target-5", "target-4"], first.Items.Select(e => e.Target));
        Assert.Equal(7, first.Total);
        var last = await Log.QueryAsync(new AuditQuery(Skip: 6, Take: 3));
        Assert.Equal(["target-0"], last.Items.Select(e => e.Target));
        Assert.Equal(T0, last.Items[0].Timestamp);
    }

    [Fact]
    public async Task Query_FiltersByActorAndActionPrefix_BeforePaging()
    {
        await SeedAsync();
        var trading = await Log.QueryAsync(new AuditQuery(ActionPrefix: "trading."));
        Assert.Equal(["target-6", "target-4", "target-2", "target-0"], trading.Items.Select(e => e.Target));
        var bob = await Log.QueryAsync(new AuditQuery(Actor: "bob"));
        Assert.Equal(["target-5", "target-3", "target-1"], bob.Items.Select(e => e.Target));
        var aliceTrading = await Log.QueryAsync(new AuditQuery("alice", "trading.", Take: 2));
        Assert.Equal(["target-6", "target-4"], aliceTrading.Items.Select(e => e.Target));
        Assert.Equal(4, aliceTrading.Total);
        Assert.Equal(0, (await Log.QueryAsync(new AuditQuery(Actor: "nobody"))).Total);
    }
}

public sealed class SqliteAuditLogTests : AuditLogContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresServer server) : AuditLogContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
