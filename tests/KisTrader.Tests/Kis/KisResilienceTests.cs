using KisTrader.Kis;
using KisTrader.Kis.Dto;
using KisTrader.Kis.Rest;
using KisTrader.Testing;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>Reads: retries on transient KIS answers, no retry on business errors, circuit breaker, rate limiter.</summary>
public sealed class KisResilienceTests
{
    private static readonly string Path = InquirePriceDto.Path;

    [Fact]
    public async Task Read_OnEgw00201_IsRetriedUntilItSucceeds()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(Path, new Reply(500, Golden.Text("error_egw00201")), Reply.Ok(Golden.Text("error_egw00201")), Reply.Ok(Golden.Text("inquire_price")));
        var setup = new KisTestClient { Server = server };
        await using var client = setup.Create();

        var quote = await client.Api.InquirePriceAsync("000660");

        Assert.Equal(126000m, quote.Price);
        Assert.Equal(3, server.Count(Path));
        Assert.Equal(2, setup.Status.RetriedRequests);
    }

    [Fact]
    public async Task Read_OnTimeoutOrEmpty5xx_IsRetried()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(Path, new Reply(200, Golden.Text("inquire_price"), Delay: TimeSpan.FromSeconds(3)), new Reply(503, ""), Reply.Ok(Golden.Text("inquire_price")));
        await using var client = new KisTestClient { Server = server, RequestTimeout = TimeSpan.FromMilliseconds(300) }.Create();

        await client.Api.InquirePriceAsync("000660");

        Assert.Equal(3, server.Count(Path));
    }

    [Theory]
    [InlineData("EGW00001", "일시적인 오류가 발생했습니다.")]
    [InlineData("EGW00002", "서버 에러가 발생하였습니다.")]
    public async Task Read_OnAGatewayServerError_IsRetried(string code, string message)
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(Path, new Reply(500, $$"""{"rt_cd":"1","msg_cd":"{{code}}","msg1":"{{message}}"}"""), Reply.Ok(Golden.Text("inquire_price")));
        var setup = new KisTestClient { Server = server };
        await using var client = setup.Create();

        var quote = await client.Api.InquirePriceAsync("000660");

        Assert.Equal(126000m, quote.Price);
        Assert.Equal(2, server.Count(Path));
        Assert.Equal(1, setup.Status.RetriedRequests);
    }

    [Fact]
    public async Task Read_OnBusinessError_IsNotRetried()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(Path, Reply.Ok(Golden.Text("error_opsq2001")));
        var setup = new KisTestClient { Server = server };
        await using var client = setup.Create();

        var ex = await Assert.ThrowsAsync<KisApiException>(() => client.Api.InquirePriceAsync("000660"));

        Assert.Equal("OPSQ2001", ex.MsgCd);
        Assert.Equal(1, server.Count(Path));
        Assert.Equal(1, setup.Status.FailedRequests);
        Assert.Contains("OPSQ2001", setup.Status.LastError);
    }

    [Fact]
    public async Task Read_WhenEveryAttemptFails_ThrowsTransportAfterFourAttempts()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(Path, new Reply(500, ""));
        await using var client = new KisTestClient { Server = server }.Create();

        var ex = await Assert.ThrowsAsync<KisApiException>(() => client.Api.InquirePriceAsync("000660"));

        Assert.Equal(500, ex.HttpStatus);
        Assert.Equal(4, server.Count(Path));
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterRepeatedFailures_AndStopsSending()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        // A server error without a business code (throttling, EGW00201, does not count towards the breaker).
        server.OnSequence(Path, new Reply(500, ""));
        var setup = new KisTestClient
        {
            Server = server,
            Settings = new KisResilienceSettings
            {
                RetryBaseDelay = TimeSpan.FromMilliseconds(1), MinimumThroughput = 4, FailureRatio = 0.5,
                BreakDuration = TimeSpan.FromMinutes(5), RateLimitBurst = 1000,
            },
        };
        await using var client = setup.Create();

        await Assert.ThrowsAnyAsync<Exception>(() => client.Api.InquirePriceAsync("000660"));
        Assert.True(setup.Status.CircuitOpen);
        var sent = server.Count(Path);

        var ex = await Assert.ThrowsAsync<KisTransportException>(() => client.Api.InquirePriceAsync("000660"));

        Assert.True(ex.CircuitOpen);
        Assert.Equal(sent, server.Count(Path));
    }

    [Fact]
    public async Task RateLimiter_MakesTheNextRequestWait_AndCountsIt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        await using var server = await ScriptedKisServer.StartAsync(clock);
        server.OnSequence(Path, Reply.Ok(Golden.Text("inquire_price")));
        var setup = new KisTestClient
        {
            Server = server, Time = clock, RequestsPerSecond = 1,
            Settings = new KisResilienceSettings { RateLimitBurst = 1, MinimumThroughput = 1000 },
        };
        await using var client = setup.Create();

        var read = client.Api.InquirePriceAsync("000660"); // tokenP takes this second's permit
        await Eventually.True(() => server.Count("/oauth2/tokenP") == 1);
        await Task.Delay(200);
        Assert.Equal(0, server.Count(Path));

        clock.Advance(TimeSpan.FromSeconds(1));
        await read.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, setup.Status.ThrottledRequests);
        Assert.Equal(2, setup.Status.RequestsTotal);
        Assert.Equal(1, setup.Status.RateLimitPerSecond);
    }

    [Fact]
    public void RateLimiter_IsSharedByEveryClientOfOneAppKey()
    {
        var key = "appkey-" + Guid.NewGuid().ToString("N");

        Assert.Same(KisRateLimiter.ForAppKey(key, 18, 1, TimeProvider.System), KisRateLimiter.ForAppKey(key, 18, 1, TimeProvider.System));
        Assert.NotSame(KisRateLimiter.ForAppKey(key, 18, 1, TimeProvider.System), KisRateLimiter.ForAppKey(key + "x", 18, 1, TimeProvider.System));
    }
}
