using System.Text;
using System.Text.Json;
using KisTrader.Kis;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Dto;
using KisTrader.Testing;
using KisTrader.Tests.Kis.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Kis;

/// <summary>Access token: encrypted cache, refresh before expiry, one issue per minute (waiting, not failing),
/// shared in-flight issue, EGW00133 and EGW00123 handling; approval key; headers.</summary>
public sealed class KisAuthTests
{
    private const string TokenPath = "/oauth2/tokenP";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static void ServePrice(ScriptedKisServer server) => server.On(InquirePriceDto.Path, (_, _) => Reply.Ok(Golden.Text("inquire_price")));

    [Fact]
    public async Task TokenCache_IsEncryptedOnDisk_AndReusedAfterRestart()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        ServePrice(server);
        var setup = new KisTestClient { Server = server };
        await using (var first = setup.Create())
            await first.Api.InquirePriceAsync("000660");

        var file = Assert.Single(Directory.GetFiles(setup.CacheDirectory));
        var raw = File.ReadAllBytes(file);
        Assert.DoesNotContain("token-1", Encoding.UTF8.GetString(raw));
        Assert.DoesNotContain("token-1", Encoding.Latin1.GetString(raw));
        Assert.DoesNotContain(setup.AppKey, Path.GetFileName(file));
        Assert.Contains("simulator", Path.GetFileName(file));

        var restarted = new KisTestClient { Server = server, CacheDirectory = setup.CacheDirectory, AppKey = setup.AppKey, Protector = setup.Protector };
        await using (var second = restarted.Create())
            await second.Api.InquirePriceAsync("000660");

        Assert.Equal(1, server.Count(TokenPath));
        Assert.All(server.RequestsTo(InquirePriceDto.Path), r => Assert.Equal("Bearer token-1", r.Header("authorization")));
    }

    [Fact]
    public async Task TokenCache_FromAnotherProtector_IsIgnoredAndANewTokenIssued()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        ServePrice(server);
        var setup = new KisTestClient { Server = server };
        await using (var first = setup.Create())
            await first.Api.InquirePriceAsync("000660");

        var other = new KisTestClient { Server = server, CacheDirectory = setup.CacheDirectory, AppKey = setup.AppKey, Protector = new TestSecretProtector() };
        await using (var second = other.Create())
            await second.Api.InquirePriceAsync("000660");

        Assert.Equal(2, server.Count(TokenPath));
    }

    [Fact]
    public async Task Token_IsRefreshedTenMinutesBeforeExpiry_NotEarlier()
    {
        var clock = new ManualTimeProvider(Start);
        await using var server = await ScriptedKisServer.StartAsync(clock);
        ServePrice(server);
        var setup = new KisTestClient { Server = server, Time = clock };
        await using var client = setup.Create();

        await client.Api.InquirePriceAsync("000660");
        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(11));
        await client.Api.InquirePriceAsync("000660");
        Assert.Equal(1, server.Count(TokenPath));

        clock.Advance(TimeSpan.FromMinutes(2));
        await client.Api.InquirePriceAsync("000660");
        Assert.Equal(2, server.Count(TokenPath));
        Assert.Equal("Bearer token-2", server.RequestsTo(InquirePriceDto.Path)[^1].Header("authorization"));
        Assert.Equal(2, setup.Status.TokenIssues);
        Assert.Equal(clock.GetUtcNow().AddDays(1), setup.Status.TokenExpiresAt);
    }

    [Fact]
    public async Task Read_OnExpiredToken_WaitsForTheNextAllowedMinute_ThenReissuesOnceAndRetries()
    {
        var clock = new ManualTimeProvider(Start);
        await using var server = await ScriptedKisServer.StartAsync(clock);
        server.OnSequence(InquirePriceDto.Path, new Reply(500, Golden.Text("error_egw00123")), Reply.Ok(Golden.Text("inquire_price")));
        var setup = new KisTestClient { Server = server, Time = clock };
        await using var client = setup.Create();

        var read = client.Api.InquirePriceAsync("000660");
        await Eventually.True(() => server.Count(InquirePriceDto.Path) == 1);
        await Task.Delay(200);
        Assert.False(read.IsCompleted); // waiting, not failing: token-1 was issued less than a minute ago
        Assert.Equal(1, server.Count(TokenPath));

        clock.Advance(TimeSpan.FromSeconds(60));
        var quote = await read.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(126000m, quote.Price);
        Assert.Equal(2, server.Count(TokenPath));
        Assert.Equal(["Bearer token-1", "Bearer token-2"], server.RequestsTo(InquirePriceDto.Path).Select(r => r.Header("authorization")));
    }

    [Fact]
    public async Task Read_WhenTheReissuedTokenIsAlsoRefused_FailsAfterOneReissue()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(InquirePriceDto.Path, new Reply(500, Golden.Text("error_egw00123")));
        var setup = new KisTestClient { Server = server, CacheDirectory = SeededCache(out var protector, out var appKey, TimeSpan.FromHours(2)), Protector = protector, AppKey = appKey };
        await using var client = setup.Create();

        var ex = await Assert.ThrowsAsync<KisApiException>(() => client.Api.InquirePriceAsync("000660"));

        Assert.Equal("EGW00123", ex.MsgCd);
        Assert.Equal(2, server.Count(InquirePriceDto.Path));
        Assert.Equal(1, server.Count(TokenPath));
    }

    [Fact]
    public async Task TokenIssue_OnEgw00133_WaitsAMinuteAndRetries()
    {
        var clock = new ManualTimeProvider(Start);
        await using var server = await ScriptedKisServer.StartAsync(clock);
        ServePrice(server);
        server.On(TokenPath, (_, n) => n == 0
            ? new Reply(403, Golden.Text("error_egw00133"))
            : Reply.Ok(ScriptedKisServer.TokenBody("token-after-wait", clock.GetUtcNow().AddDays(1))));
        var setup = new KisTestClient { Server = server, Time = clock };
        await using var client = setup.Create();

        var read = client.Api.InquirePriceAsync("000660");
        await Eventually.True(() => server.Count(TokenPath) == 1);
        await Task.Delay(200);
        Assert.False(read.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(60));
        await read.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, server.Count(TokenPath));
        Assert.Equal("Bearer token-after-wait", server.RequestsTo(InquirePriceDto.Path).Single().Header("authorization"));
    }

    [Fact]
    public async Task Restart_HonoursTheCachedIssueTime_BeforeIssuingAgain()
    {
        var clock = new ManualTimeProvider(Start);
        await using var server = await ScriptedKisServer.StartAsync(clock);
        ServePrice(server);
        var protector = new TestSecretProtector();
        var appKey = "appkey-" + Guid.NewGuid().ToString("N");
        var directory = Path.Combine(Path.GetTempPath(), "kistrader-tests", Guid.NewGuid().ToString("N"));
        // A previous run issued a token 30 s ago that KIS has since refused.
        new TokenCacheFile(directory, KisEnvironmentKind.Simulator, appKey, protector, NullLogger.Instance)
            .Save(new TokenCacheFile.Entry(null, Start.AddDays(1), Start.AddSeconds(-30)));
        var setup = new KisTestClient { Server = server, Time = clock, CacheDirectory = directory, Protector = protector, AppKey = appKey };
        await using var client = setup.Create();

        var read = client.Api.InquirePriceAsync("000660");
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        Assert.Equal(0, server.Count(TokenPath));

        clock.Advance(TimeSpan.FromSeconds(30));
        await read.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, server.Count(TokenPath));
    }

    [Fact]
    public async Task ConcurrentReads_ShareOneTokenIssue()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        ServePrice(server);
        server.On(TokenPath, (_, n) => new Reply(200, ScriptedKisServer.TokenBody($"token-{n + 1}", DateTimeOffset.UtcNow.AddDays(1)), Delay: TimeSpan.FromMilliseconds(300)));
        var setup = new KisTestClient { Server = server };
        await using var client = setup.Create();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.Api.InquirePriceAsync("000660")));

        Assert.Equal(1, server.Count(TokenPath));
        Assert.Equal(6, server.Count(InquirePriceDto.Path));
    }

    [Fact]
    public async Task Requests_CarryTheDocumentedHeaders_AndTokenRequestTheDocumentedBody()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        ServePrice(server);
        var setup = new KisTestClient { Server = server, Environment = KisEnvironmentKind.Real };
        await using var client = setup.Create();

        await client.Api.InquirePriceAsync("000660");

        var get = server.RequestsTo(InquirePriceDto.Path).Single();
        Assert.StartsWith("application/json", get.Header("content-type"));
        Assert.Equal("Bearer token-1", get.Header("authorization"));
        Assert.Equal(setup.AppKey, get.Header("appkey"));
        Assert.Equal(KisTestClient.AppSecret, get.Header("appsecret"));
        Assert.Equal("FHKST01010100", get.Header("tr_id"));
        Assert.Equal("", get.Header("tr_cont"));
        Assert.Equal("P", get.Header("custtype"));
        Assert.Equal("J", get.Query["FID_COND_MRKT_DIV_CODE"]);
        Assert.Equal("000660", get.Query["FID_INPUT_ISCD"]);

        var token = JsonDocument.Parse(server.RequestsTo(TokenPath).Single().Body).RootElement;
        Assert.Equal("client_credentials", token.GetProperty("grant_type").GetString());
        Assert.Equal(setup.AppKey, token.GetProperty("appkey").GetString());
        Assert.Equal(KisTestClient.AppSecret, token.GetProperty("appsecret").GetString());
    }

    [Fact]
    public async Task ApprovalKey_IsCachedUntilForced_AndSentWithSecretkey()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        var setup = new KisTestClient { Server = server };
        await using var client = setup.Create();

        var first = await client.ApprovalKeys.GetApprovalKeyAsync(forceNew: false);
        var again = await client.ApprovalKeys.GetApprovalKeyAsync(forceNew: false);
        var forced = await client.ApprovalKeys.GetApprovalKeyAsync(forceNew: true);

        Assert.Equal(first, again);
        Assert.NotEqual(first, forced);
        Assert.Equal(2, server.Count("/oauth2/Approval"));
        var body = JsonDocument.Parse(server.RequestsTo("/oauth2/Approval")[0].Body).RootElement;
        Assert.Equal(KisTestClient.AppSecret, body.GetProperty("secretkey").GetString());
        Assert.False(body.TryGetProperty("appsecret", out _));
    }

    /// <summary>A cache holding a valid token "cached-token" issued <paramref name="issuedAgo"/> ago.</summary>
    internal static string SeededCache(out TestSecretProtector protector, out string appKey, TimeSpan issuedAgo, KisEnvironmentKind environment = KisEnvironmentKind.Simulator)
    {
        protector = new TestSecretProtector();
        appKey = "appkey-" + Guid.NewGuid().ToString("N");
        var directory = Path.Combine(Path.GetTempPath(), "kistrader-tests", Guid.NewGuid().ToString("N"));
        var now = DateTimeOffset.UtcNow;
        new TokenCacheFile(directory, environment, appKey, protector, NullLogger.Instance)
            .Save(new TokenCacheFile.Entry("cached-token", now.AddHours(20), now - issuedAgo));
        return directory;
    }
}
