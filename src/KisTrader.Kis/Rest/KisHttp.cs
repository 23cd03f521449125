using KisTrader.Core.Market;

namespace KisTrader.Kis.Rest;

/// <summary>Status code, paging header and raw body of one exchange.</summary>
internal sealed record KisRawResponse(int Status, string? TrCont, byte[] Body);

/// <summary>Set just before the request goes on the wire: an order that failed after this point may have reached KIS.</summary>
internal sealed class SendProgress
{
    public bool Sent { get; private set; }
    public void MarkSent() => Sent = true;
}

/// <summary>
/// The wire: waits for a rate-limit permit, sends one request with a per-attempt timeout on the injected clock and
/// reads the whole body. Keeps the request counters of <see cref="KisStatus"/> current. No retries here.
/// </summary>
internal sealed class KisHttp(HttpClient http, KisRateLimiter limiter, TimeSpan timeout, TimeProvider time, KisStatus status)
{
    private readonly object _statusGate = new();
    private readonly Queue<DateTimeOffset> _lastSecond = new();

    public KisStatus Status => status;
    public TimeProvider Time => time;

    public async Task<KisRawResponse> SendAsync(HttpRequestMessage message, string trId, SendProgress? progress, CancellationToken ct)
    {
        var waited = await limiter.AcquireAsync(ct).ConfigureAwait(false);
        CountRequest(waited > TimeSpan.Zero);
        status.CountTrId(trId);
        KisRequestScope.Count(trId, waited);

        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        try
        {
            progress?.MarkSent();
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            string? trCont = response.Headers.TryGetValues("tr_cont", out var values) ? values.FirstOrDefault()?.Trim() : null;
            return new KisRawResponse((int)response.StatusCode, trCont, body);
        }
        catch (OperationCanceledException ex) when (timeoutCts.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"KIS {trId} did not answer within {timeout.TotalSeconds:0.###} s.", ex);
        }
    }

    public void RecordFailure(string message)
    {
        lock (_statusGate)
        {
            status.FailedRequests++;
            status.LastError = $"{KoreaTime.Format(time.GetUtcNow())} {message}";
        }
    }

    public void RecordRetry()
    {
        lock (_statusGate)
            status.RetriedRequests++;
    }

    private void CountRequest(bool waited)
    {
        lock (_statusGate)
        {
            var now = time.GetUtcNow();
            _lastSecond.Enqueue(now);
            while (_lastSecond.Count > 0 && now - _lastSecond.Peek() >= TimeSpan.FromSeconds(1))
                _lastSecond.Dequeue();
            status.RequestsLastSecond = _lastSecond.Count;
            status.RequestsTotal++;
            if (waited) status.ThrottledRequests++;
        }
    }
}
