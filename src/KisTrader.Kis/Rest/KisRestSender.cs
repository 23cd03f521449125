using System.Net.Http.Headers;
using System.Text;
using KisTrader.Core.Errors;
using KisTrader.Core.Orders;
using KisTrader.Kis.Auth;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace KisTrader.Kis.Rest;

/// <summary>
/// Sends KIS REST requests with the §3.1 headers. Reads run in a Polly pipeline (retry with exponential backoff and
/// jitter on EGW00201/EGW00215, 5xx without a business code, timeouts and connection failures; a circuit breaker
/// around it) and re-issue the token once on EGW00121/00123. Orders go through <see cref="SendOrderAsync"/>, which
/// never retries: an ambiguous outcome becomes <see cref="SubmissionStatus.Unknown"/> for reconciliation.
/// </summary>
internal sealed class KisRestSender
{
    private readonly KisHttp _http;
    private readonly AccessTokenProvider _tokens;
    private readonly HashKeyClient _hashKeys;
    private readonly KisClientOptions _options;
    private readonly KisResilienceSettings _settings;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reads;

    public KisRestSender(KisHttp http, AccessTokenProvider tokens, HashKeyClient hashKeys, KisClientOptions options, KisResilienceSettings settings, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _hashKeys = hashKeys;
        _options = options;
        _settings = settings;
        _logger = logger;
        _reads = BuildReadPipeline();
    }

    public static bool IsTransient(Exception ex) => ex switch
    {
        // EGW00001 "temporary error" and EGW00002 "server error" are the gateway failing, not the request: a read asks
        // again (an order never does; it is left for reconciliation).
        KisApiException k => k.MsgCd is "EGW00201" or "EGW00215" or "EGW00001" or "EGW00002" || (k.HttpStatus >= 500 && string.IsNullOrEmpty(k.MsgCd)),
        TimeoutException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>EGW00201/EGW00215: KIS is up and answering, it only asks us to slow down (§5.1, §8.3: retry reads).</summary>
    public static bool IsThrottle(Exception ex) => ex is KisApiException { MsgCd: "EGW00201" or "EGW00215" };

    public static bool IsTokenRefused(KisApiException ex) => ex.MsgCd is "EGW00121" or "EGW00123";

    public async Task<KisResponse> ReadAsync(KisRequest request, CancellationToken ct)
    {
        try
        {
            return await _reads.ExecuteAsync(async token => await ReadWithTokenAsync(request, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            _http.RecordFailure($"{request.TrId}: circuit open");
            throw new KisTransportException(request.TrId, "KIS is failing; requests are paused while the circuit is open.", circuitOpen: true, ex);
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
        {
            _http.RecordFailure($"{request.TrId}: {ex.GetType().Name}");
            throw new KisTransportException(request.TrId, $"no answer after {_settings.MaxAttempts} attempts ({ex.GetType().Name}).", inner: ex);
        }
        catch (TradingSystemException ex)
        {
            _http.RecordFailure(ex.Message);
            throw;
        }
    }

    /// <summary>Every page of a continuation inquiry: while the response header tr_cont is M or F, the next request
    /// carries tr_cont N and the body's ctx_area keys unchanged (§3.2, §3.3).</summary>
    public async Task<IReadOnlyList<KisResponse>> ReadAllPagesAsync(KisRequest first, CancellationToken ct)
    {
        var pages = new List<KisResponse>();
        var request = first;
        while (true)
        {
            var page = await ReadAsync(request, ct).ConfigureAwait(false);
            pages.Add(page);
            if (!page.HasMorePages) return pages;
            if (pages.Count >= _settings.MaxPages)
                throw new TradingSystemException($"KIS {first.TrId} still had more data after {_settings.MaxPages} pages; stopped.");
            request = request.NextPage(page.Continuation());
        }
    }

    /// <summary>
    /// Sends an order once. Outcomes: Accepted; Rejected when KIS answered with a business code (nothing was placed;
    /// this includes EGW00201, which the gateway returns before the order reaches the exchange, §5.1, so the caller
    /// may resubmit); Unknown when the order may or may not have been placed (timeout, dropped connection after
    /// sending, unreadable body, 5xx without a code, EGW00001/00002 temporary or server error, EGW00301/00302 "check the previous transaction").
    /// </summary>
    public async Task<OrderSubmission> SendOrderAsync(KisRequest request, Func<KisResponse, OrderSubmission> onAccepted, CancellationToken ct)
    {
        var tokenReissued = false;
        while (true)
        {
            string token;
            string? hash = null;
            try
            {
                token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
                if (_options.UseHashKey) hash = await _hashKeys.ComputeAsync(request.Body ?? "", ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TradingSystemException or TimeoutException or HttpRequestException)
            {
                // Nothing was sent: the order is certainly not placed.
                return Log(request, new OrderSubmission(SubmissionStatus.Rejected, null, null, (ex as KisApiException)?.MsgCd ?? "NOT_SENT",
                    $"The order was not sent: {ex.Message}"));
            }

            var progress = new SendProgress();
            try
            {
                var response = await AttemptAsync(request, token, hash, progress, ct).ConfigureAwait(false);
                try
                {
                    return Log(request, onAccepted(response));
                }
                catch (KisResponseFormatException ex)
                {
                    return Log(request, OrderSubmission.Unknown(response.MsgCd, $"KIS accepted the order but the answer is unreadable: {ex.Message}"));
                }
            }
            catch (KisApiException ex) when (IsTokenRefused(ex) && !tokenReissued)
            {
                // Safe to resend exactly once: EGW00121/00123 means the gateway refused the request at authentication,
                // before it reached the order system, so nothing was placed.
                _tokens.Invalidate(token);
                tokenReissued = true;
            }
            // EGW00001/00002 (temporary / server error) come from the gateway after it may have passed the order on:
            // nothing says it was not placed, so it is reconciled, never taken as a rejection.
            catch (KisApiException ex) when (string.IsNullOrEmpty(ex.MsgCd) || ex.MsgCd is "EGW00301" or "EGW00302" or "EGW00001" or "EGW00002")
            {
                return Log(request, OrderSubmission.Unknown(ex.MsgCd, $"Outcome unknown; reconcile before resending: {ex.Message}"));
            }
            catch (KisApiException ex)
            {
                return Log(request, new OrderSubmission(SubmissionStatus.Rejected, null, null, ex.MsgCd, ex.Msg1));
            }
            catch (KisResponseFormatException ex)
            {
                return Log(request, OrderSubmission.Unknown(null, $"Unreadable answer; reconcile before resending: {ex.Message}"));
            }
            catch (TimeoutException ex)
            {
                return Log(request, OrderSubmission.Unknown("TIMEOUT", $"No answer; reconcile before resending: {ex.Message}"));
            }
            catch (HttpRequestException ex) when (!progress.Sent || ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                return Log(request, new OrderSubmission(SubmissionStatus.Rejected, null, null, "NOT_SENT", $"Could not connect to KIS ({ex.HttpRequestError})."));
            }
            catch (HttpRequestException ex)
            {
                return Log(request, OrderSubmission.Unknown("CONNECTION", $"Connection lost after sending ({ex.HttpRequestError}); reconcile before resending."));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && progress.Sent)
            {
                return Log(request, OrderSubmission.Unknown("CANCELLED", "Cancelled after the order was sent; reconcile before resending."));
            }
        }
    }

    private OrderSubmission Log(KisRequest request, OrderSubmission result)
    {
        if (result.Status == SubmissionStatus.Accepted)
            _logger.LogInformation("KIS {TrId} accepted order {OrderNo}.", request.TrId, result.OrderId?.OrderNo);
        else
        {
            _logger.LogWarning("KIS {TrId} order {Status}: {Code} {Message}", request.TrId, result.Status, result.Code, result.Message);
            _http.RecordFailure($"{request.TrId} order {result.Status}: {result.Code}");
        }
        return result;
    }

    private async Task<KisResponse> ReadWithTokenAsync(KisRequest request, CancellationToken ct)
    {
        var token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
        try
        {
            return await AttemptAsync(request, token, null, null, ct).ConfigureAwait(false);
        }
        catch (KisApiException ex) when (IsTokenRefused(ex))
        {
            // KIS maintenance can invalidate a token before its nominal expiry: re-issue once and retry the read once.
            _tokens.Invalidate(token);
            token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
            return await AttemptAsync(request, token, null, null, ct).ConfigureAwait(false);
        }
    }

    private async Task<KisResponse> AttemptAsync(KisRequest request, string token, string? hash, SendProgress? progress, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        // GETs carry an empty body only so the documented content-type header can be sent.
        message.Content = request.Body is null ? new ByteArrayContent([]) : new StringContent(request.Body, Encoding.UTF8);
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        message.Headers.TryAddWithoutValidation("authorization", "Bearer " + token);
        message.Headers.TryAddWithoutValidation("appkey", _options.AppKey);
        message.Headers.TryAddWithoutValidation("appsecret", _options.AppSecret);
        message.Headers.TryAddWithoutValidation("tr_id", request.TrId);
        message.Headers.TryAddWithoutValidation("tr_cont", request.TrCont);
        message.Headers.TryAddWithoutValidation("custtype", "P");
        if (hash is not null) message.Headers.TryAddWithoutValidation("hashkey", hash);

        var raw = await _http.SendAsync(message, request.TrId, progress, ct).ConfigureAwait(false);
        return KisResponseReader.Read(request.TrId, raw.Status, raw.TrCont, raw.Body);
    }

    private ResiliencePipeline BuildReadPipeline()
    {
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        return new ResiliencePipelineBuilder { TimeProvider = _http.Time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = Math.Max(0, _settings.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _settings.RetryBaseDelay,
                OnRetry = args =>
                {
                    _http.RecordRetry();
                    _logger.LogWarning("KIS read failed ({Error}); retry {Attempt} in {Delay:0} ms.",
                        args.Outcome.Exception is KisApiException k ? k.MsgCd ?? $"HTTP {k.HttpStatus}" : args.Outcome.Exception?.GetType().Name,
                        args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Throttling is retried, never counted as KIS failing: a burst of EGW00201 must not pause every read.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => IsTransient(ex) && !IsThrottle(ex)),
                FailureRatio = _settings.FailureRatio,
                MinimumThroughput = _settings.MinimumThroughput,
                SamplingDuration = _settings.SamplingDuration,
                BreakDuration = _settings.BreakDuration,
                OnOpened = _ =>
                {
                    _http.Status.CircuitOpen = true;
                    _logger.LogError("KIS circuit opened: reads paused for {Seconds:0} s.", _settings.BreakDuration.TotalSeconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    _http.Status.CircuitOpen = false;
                    _logger.LogInformation("KIS circuit closed.");
                    return default;
                },
            })
            .Build();
    }
}
