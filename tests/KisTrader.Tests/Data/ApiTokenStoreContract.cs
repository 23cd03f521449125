using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Tests.Data;

/// <summary>The API token store's behaviour (table api_tokens, its migration included), run against each real database provider.</summary>
public abstract class ApiTokenStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);
    private TestContextFactory _factory = default!;
    protected IApiTokenStore Store { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        _factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(_factory).InitializeAsync();
        Store = new EfApiTokenStore(_factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> AddUserAsync(string name)
    {
        await using var db = _factory.CreateDbContext();
        var user = new IdentityUser(name) { NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    [Fact]
    public async Task AToken_IsFoundByItsHash_UntilItsOwnerRevokesIt_AndStaysListedAsRevoked()
    {
        var alice = await AddUserAsync("alice");
        var bob = await AddUserAsync("bob");
        var token = ApiTokens.Create();
        var added = await Store.AddAsync(alice, "nightly export", token.Prefix, token.Hash, T0);

        var found = await Store.FindActiveAsync(token.Hash);
        Assert.Equal((added.Id, alice, "nightly export", token.Prefix, T0), (found!.Id, found.UserId, found.Name, found.Prefix, found.CreatedAt));
        Assert.Null(found.LastUsedAt);
        Assert.Null(await Store.FindActiveAsync(ApiTokens.Create().Hash));

        // Only its owner revokes it, once.
        Assert.False(await Store.RevokeAsync(bob, added.Id, T0.AddMinutes(1)));
        Assert.NotNull(await Store.FindActiveAsync(token.Hash));
        Assert.True(await Store.RevokeAsync(alice, added.Id, T0.AddMinutes(2)));
        Assert.False(await Store.RevokeAsync(alice, added.Id, T0.AddMinutes(3)));
        Assert.Null(await Store.FindActiveAsync(token.Hash));

        var listed = Assert.Single(await Store.ListAsync(alice));
        Assert.Equal(T0.AddMinutes(2), listed.RevokedAt);
        Assert.False(listed.IsActive);
        Assert.Empty(await Store.ListAsync(bob));
    }

    [Fact]
    public async Task Use_RecordsTheLastUsedTime_AndTheListIsNewestFirst()
    {
        var alice = await AddUserAsync("alice");
        var first = ApiTokens.Create();
        var second = ApiTokens.Create();
        var a = await Store.AddAsync(alice, "first", first.Prefix, first.Hash, T0);
        var b = await Store.AddAsync(alice, "second", second.Prefix, second.Hash, T0.AddSeconds(1));

        await Store.MarkUsedAsync(a.Id, T0.AddHours(1));

        Assert.Equal(T0.AddHours(1), (await Store.FindActiveAsync(first.Hash))!.LastUsedAt);
        Assert.Equal([b.Id, a.Id], (await Store.ListAsync(alice)).Select(t => t.Id));
    }

    [Fact]
    public async Task TheHash_IsUnique_AndADeletedUsersTokensGoWithTheUser()
    {
        var alice = await AddUserAsync("alice");
        var token = ApiTokens.Create();
        await Store.AddAsync(alice, "one", token.Prefix, token.Hash, T0);
        await Assert.ThrowsAsync<DbUpdateException>(() => Store.AddAsync(alice, "again", token.Prefix, token.Hash, T0));

        await using (var db = _factory.CreateDbContext())
        {
            db.Users.Remove(await db.Users.SingleAsync(u => u.Id == alice));
            await db.SaveChangesAsync();
        }
        Assert.Null(await Store.FindActiveAsync(token.Hash));
    }
}

public sealed class ApiTokensTests
{
    [Fact]
    public void ANewToken_Is32RandomBytes_WithItsMarker_AndOnlyItsSha256IsKept()
    {
        var a = ApiTokens.Create();
        var b = ApiTokens.Create();
        Assert.NotEqual(a.Token, b.Token);
        Assert.StartsWith(ApiTokens.Marker, a.Token);
        Assert.Equal(32, Convert.FromBase64String(a.Token[ApiTokens.Marker.Length..].Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Matches("^[0-9a-f]{64}$", a.Hash);
        Assert.Equal(ApiTokens.Hash(a.Token), a.Hash);
        Assert.DoesNotContain(a.Token[ApiTokens.PrefixLength..], a.Hash);
        Assert.Equal(a.Token[..ApiTokens.PrefixLength], a.Prefix);
        Assert.True(ApiTokens.LooksLikeToken(a.Token));
        Assert.False(ApiTokens.LooksLikeToken(a.Token + "x"));
        Assert.False(ApiTokens.LooksLikeToken("Bearer " + a.Token));
    }
}

public sealed class SqliteApiTokenStoreTests : ApiTokenStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTokenStoreTests(PostgresServer server) : ApiTokenStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
