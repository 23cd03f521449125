using System.ClientModel;
using System.Net.Sockets;
using KisTrader.Core.Decisions;
using Microsoft.AspNetCore.WebUtilities;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KisTrader.Web.Llm;

/// <summary>
/// Says in words why an LLM call failed, from whatever the SDK, the resilience handler and the socket threw:
/// "connection refused (127.0.0.1:11434)", "timed out after 30 s", "HTTP 500 Internal Server Error". Never "HTTP 0"
/// (the SDK's status for no response at all), never the response body (it can echo the key).
/// </summary>
public static class LlmFailures
{
    public static LlmCallException Describe(Exception ex, Uri? endpoint, TimeSpan timeout)
    {
        var where = endpoint is { IsAbsoluteUri: true } ? $" ({endpoint.Authority})" : "";
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutRejectedException or TaskCanceledException or OperationCanceledException or TimeoutException:
                    return new(LlmFailureKind.Timeout, $"timed out after {LlmDecisionEngine.Seconds(timeout)}", null, ex);
                case BrokenCircuitException:
                    return new(LlmFailureKind.Unreachable, $"not called: too many recent failures{where}, the circuit is open", null, ex);
                case ClientResultException { Status: > 0 } http:
                    return new(LlmFailureKind.HttpError, $"HTTP {http.Status} {ReasonPhrases.GetReasonPhrase(http.Status)}".TrimEnd(), http.Status, ex);
                case SocketException socket:
                    return new(LlmFailureKind.Unreachable, socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                        SocketError.TimedOut => "connection timed out",
                        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                        SocketError.ConnectionReset => "connection reset",
                        _ => $"connection failed ({socket.SocketErrorCode})",
                    } + where, null, ex);
            }
        }
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException request)
                return new(LlmFailureKind.Unreachable, request.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => "host not found",
                    HttpRequestError.ConnectionError => "could not connect",
                    HttpRequestError.SecureConnectionError => "TLS handshake failed",
                    HttpRequestError.ResponseEnded => "the connection closed before an answer",
                    HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "the answer was not valid HTTP",
                    _ => "no answer",
                } + where, null, ex);
        }
        if (ex is System.Text.Json.JsonException || ex.InnerException is System.Text.Json.JsonException)
            return new(LlmFailureKind.Other, "the service's answer was not a chat completion (not JSON)", null, ex);
        // Anything else (an answer the SDK could not read, for instance): its type and message, shortened and cleaned.
        return new(LlmFailureKind.Other, $"{ex.GetType().Name}: {UntrustedText.Quote(ex.Message, 200)}", null, ex);
    }
}
