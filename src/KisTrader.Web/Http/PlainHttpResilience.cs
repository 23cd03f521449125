using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KisTrader.Web.Http;

/// <summary>
/// The standard resilience handler (Microsoft.Extensions.Http.Resilience) for plain HTTP clients: the LLM and the
/// webhook. Not for the KIS client, which keeps its own pipeline (orders are never retried).
/// Retries only what was certainly not acted on: a connection that was never made, and 408/429/502/503/504. A timed-out
/// attempt or a 500 may have been processed (an LLM answer billed, a webhook message posted), so they are not retried:
/// a retry must never double-bill or double-send. Hence one attempt may use the whole deadline.
/// </summary>
public static class PlainHttpResilience
{
    public static IHttpClientBuilder AddPlainHttpResilience(this IHttpClientBuilder builder, TimeSpan total, TimeSpan? attempt = null,
        TimeSpan? retryDelay = null)
    {
        var perAttempt = attempt ?? total;
        // The resilience handler owns the deadlines; HttpClient's own 100 s timeout would otherwise cut in first.
        builder.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddStandardResilienceHandler(o =>
        {
            o.TotalRequestTimeout.Timeout = total;
            o.AttemptTimeout.Timeout = perAttempt;
            // The handler insists on a sampling window of at least two attempts.
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * perAttempt.Ticks + 1));
            o.Retry.ShouldHandle = args => ValueTask.FromResult(NotDelivered(args.Outcome));
            if (retryDelay is { } d) o.Retry.Delay = d;
        });
        return builder;
    }

    /// <summary>True when the request certainly had no effect on the server: safe to send again.</summary>
    public static bool NotDelivered(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { } response)
            return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        for (var e = outcome.Exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }) return true;
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
                return true;
        }
        return false;
    }
}
