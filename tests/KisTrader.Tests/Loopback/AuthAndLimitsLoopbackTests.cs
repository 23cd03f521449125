using KisTrader.Simulator;
using KisTrader.Tests.Kis.TestSupport;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>Token rules, expired tokens and EGW00201 between the real client and the simulator. Faults are global to a
/// simulator, so every test here starts its own.</summary>
public sealed class AuthAndLimitsLoopbackTests
{
    private static readonly string Code = LoopbackUniverse.Liquid(1);

    private static int TokensIssuedBySimulator(SimulatorHost host)
    {
        var model = new StateModel();
        host.Auth.Export(model);
        return model.Tokens.Count;
    }

    [Fact]
    public async Task TokenCache_SecondClientWithTheSameCacheReusesTheToken_SimulatorIssuedExactlyOne()
    {
        await using var host = await LoopbackSimulator.StartAsync(SimulatorMode.Paper);
        var appKey = LoopbackClient.NewAppKey();
        var cache = Path.Combine(Path.GetTempPath(), "kistrader-loopback", Guid.NewGuid().ToString("N"));
        var protector = new TestSecretProtector();
        var account = LoopbackClient.NewAccount();

        await using (var first = LoopbackClient.Create(host, account, appKey, cache, protector))
        {
            await first.Api.InquirePriceAsync(Code);
            Assert.Equal(1, first.Wire.Count("/oauth2/tokenP"));
        }
        await using var second = LoopbackClient.Create(host, account, appKey, cache, protector);
        await second.Api.InquirePriceAsync(Code);
        await second.Client.Account.GetBalanceAsync();

        Assert.Equal(0, second.Wire.Count("/oauth2/tokenP"));
        Assert.Equal(0, second.Status.TokenIssues);
        Assert.Equal(0, second.Wire.CountMsgCd("EGW00133"));
        Assert.Equal(1, TokensIssuedBySimulator(host));
        Directory.Delete(cache, recursive: true);
    }

    [Fact]
    public async Task ExpiredTokens_NextReadReissuesOnceAndSucceeds()
    {
        await using var host = await LoopbackSimulator.StartAsync(SimulatorMode.Paper);
        await using var c = LoopbackClient.Create(host);
        await c.Api.InquirePriceAsync(Code);

        host.Faults.ExpireTokens();
        // The client keeps KIS' one-issue-a-minute rule itself; move its clock past the minute instead of waiting it out.
        c.Clock.Advance(TimeSpan.FromSeconds(61));
        var quote = await c.Api.InquirePriceAsync(Code);

        Assert.Equal(Code, quote.Ticker);
        Assert.Equal(1, c.Wire.CountMsgCd("EGW00123"));
        Assert.Equal(2, c.Wire.Count("/oauth2/tokenP"));
        Assert.Equal(2, c.Status.TokenIssues);
        Assert.Equal(0, c.Wire.CountMsgCd("EGW00133"));
        Assert.Equal(2, TokensIssuedBySimulator(host));
    }

    [Fact]
    public async Task RateLimitFaults_HalfOfCallsEGW00201_ReadsStillSucceed()
    {
        await using var host = await LoopbackSimulator.StartAsync(SimulatorMode.Paper, s => s.Faults.RateLimitErrorRate = 0.5);
        await using var c = LoopbackClient.Create(host);

        for (var i = 0; i < 10; i++)
            Assert.Equal(Code, (await c.Api.InquirePriceAsync(Code)).Ticker);
        await c.Client.Account.GetBalanceAsync();

        Assert.True(c.Wire.CountMsgCd("EGW00201") > 0, "the fault never fired, so nothing was proven");
        Assert.Equal(1, c.Wire.Count("/oauth2/tokenP"));
    }

    [Fact]
    public async Task ClientLimiterBelowSimulatorLimit_ConcurrentReadsNeverSeeEGW00201()
    {
        await using var host = await LoopbackSimulator.StartAsync(SimulatorMode.Paper, s => s.RateLimitPerSecond = 5);
        await using var c = LoopbackClient.Create(host, requestsPerSecond: 4);

        var reads = Enumerable.Range(0, 10).Select(i => c.Api.InquirePriceAsync(LoopbackUniverse.Liquid(i % 5))).ToList();
        var quotes = await Task.WhenAll(reads);

        Assert.Equal(10, quotes.Length);
        Assert.Equal(0, c.Wire.CountMsgCd("EGW00201"));
        Assert.Equal(0, c.Status.RetriedRequests);
        Assert.True(c.Status.ThrottledRequests > 0, "the client limiter never had to wait, so nothing was proven");
    }
}
