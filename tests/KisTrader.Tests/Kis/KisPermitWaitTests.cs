using System.Net;
using KisTrader.Kis;
using KisTrader.Kis.Rest;
using KisTrader.Testing;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>Issue 18, goal 2: a <see cref="KisRequestScope"/> sums the time its requests waited for a rate-limit permit,
/// measured on the limiter's clock (a manual one here: the wait is what the test advances, not wall time).</summary>
public sealed class KisPermitWaitTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Scope_SumsThePermitWaitOfItsRequests_AndAFreePermitAddsNothing()
    {
        var clock = new ManualTimeProvider(Start);
        var http = Wire(clock, perSecond: 2);

        using var scope = KisRequestScope.Begin();
        await Send(http); // the bucket's one token: no wait
        Assert.Equal(TimeSpan.Zero, scope.PermitWait);

        var second = Send(http); // at 2/s the next permit is due in 500 ms
        await Eventually.True(() => clock.PendingTimers > 0);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromMilliseconds(500), scope.PermitWait);
        Assert.Equal(2, scope.Total);
    }

    [Fact]
    public async Task PermitWait_CountsInEveryOpenScope_NotInOneClosedBefore()
    {
        var clock = new ManualTimeProvider(Start);
        var http = Wire(clock, perSecond: 1);
        await Send(http); // outside any scope: takes the token

        var closed = KisRequestScope.Begin();
        closed.Dispose();
        using var outer = KisRequestScope.Begin();
        using var inner = KisRequestScope.Begin();
        var waiting = Send(http);
        await Eventually.True(() => clock.PendingTimers > 0);
        clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(1), inner.PermitWait);
        Assert.Equal(TimeSpan.FromSeconds(1), outer.PermitWait);
        Assert.Equal(TimeSpan.Zero, closed.PermitWait);
    }

    /// <summary>A KisHttp over a handler that answers at once, with its own limiter (a fresh app key).</summary>
    private static KisHttp Wire(ManualTimeProvider clock, double perSecond)
    {
        var limiter = KisRateLimiter.ForAppKey("permit-wait-" + Guid.NewGuid().ToString("N"), perSecond, 1, clock);
        var client = new HttpClient(new Answering()) { BaseAddress = new Uri("http://127.0.0.1/") };
        return new KisHttp(client, limiter, TimeSpan.FromSeconds(30), clock, new KisStatus());
    }

    private static Task<KisRawResponse> Send(KisHttp http) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/quote"), "FHKST01010100", null, CancellationToken.None);

    private sealed class Answering : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
    }
}
