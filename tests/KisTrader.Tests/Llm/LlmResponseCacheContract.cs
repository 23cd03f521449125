using KisTrader.Core.Decisions.Caching;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;

namespace KisTrader.Tests.Llm;

/// <summary>What every <see cref="ILlmResponseCache"/> must do: the EF store on SQLite and PostgreSQL (migrated as at
/// start-up) and the in-memory cache alike.</summary>
public abstract class LlmResponseCacheContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 12, 9, 1, 2, 3, 456, TimeSpan.Zero);
    private ILlmResponseCache _cache = default!;

    protected abstract Task<ILlmResponseCache> CreateAsync();

    public async Task InitializeAsync() => _cache = await CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Key(char c) => new(c, 64);

    [Fact]
    public async Task Get_OfAnUnknownKey_IsNull() => Assert.Null(await _cache.GetAsync(Key('a')));

    [Fact]
    public async Task Put_ThenGet_RoundTripsEveryField()
    {
        var content = """{"orders":[],"market_view":"관망 — 변동성 확대","hold_reason":"\u0000 none"}""" + new string('x', 20_000);
        var stored = new CachedLlmResponse(Key('b'), "gpt-test-2026-01-01", Created, content, 4_000, 512);

        Assert.True(await _cache.PutAsync(stored));

        Assert.Equal(stored, await _cache.GetAsync(Key('b')));
    }

    [Fact]
    public async Task Put_OfAStoredKey_KeepsTheFirstAnswer()
    {
        var first = new CachedLlmResponse(Key('c'), "m1", Created, "first", 1, 2);
        await _cache.PutAsync(first);

        Assert.False(await _cache.PutAsync(first with { Content = "second", Model = "m2" }));

        Assert.Equal(first, await _cache.GetAsync(Key('c')));
    }

    [Fact]
    public async Task Keys_AreExact_NotPrefixOrCaseInsensitive()
    {
        await _cache.PutAsync(new CachedLlmResponse(Key('d'), "m", Created, "d", 0, 0));

        Assert.Null(await _cache.GetAsync(new string('d', 63) + "e"));
        Assert.Null(await _cache.GetAsync(new string('D', 64)));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public async Task Put_RefusesAKeyThatIsNotLowercaseSha256Hex(string key)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _cache.PutAsync(new CachedLlmResponse(key, "m", Created, "x", 0, 0)));
        Assert.Contains("64 lowercase hex digits", ex.Message);
    }
}

public sealed class SqliteLlmResponseCacheTests : LlmResponseCacheContract
{
    protected override async Task<ILlmResponseCache> CreateAsync()
    {
        var factory = await TestContextFactory.MigratedSqliteAsync("llmcache");
        return new EfLlmResponseCache(factory);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLlmResponseCacheTests(PostgresServer server) : LlmResponseCacheContract
{
    protected override async Task<ILlmResponseCache> CreateAsync()
    {
        var factory = await TestContextFactory.MigratedPostgresAsync(server);
        return new EfLlmResponseCache(factory);
    }
}

public sealed class InMemoryLlmResponseCacheTests : LlmResponseCacheContract
{
    protected override Task<ILlmResponseCache> CreateAsync() => Task.FromResult<ILlmResponseCache>(new InMemoryLlmResponseCache());
}
