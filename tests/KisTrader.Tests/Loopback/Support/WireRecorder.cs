using System.Collections.Concurrent;
using System.Text.Json;

namespace KisTrader.Tests.Loopback.Support;

/// <summary>One exchange as it crossed the loopback wire.</summary>
public sealed record WireExchange(string Method, string Path, string? TrId, int? Status, string? MsgCd, string? Error);

/// <summary>
/// Sits between the KIS client and the real socket handler and notes every exchange (path, tr_id, status, msg_cd or
/// error_code). Nothing is changed or faked: it only lets tests count what the client actually sent and received.
/// </summary>
public sealed class WireRecorder() : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    private readonly ConcurrentQueue<WireExchange> _exchanges = new();

    public IReadOnlyList<WireExchange> Exchanges => _exchanges.ToList();

    public int Count(string pathSuffix) => Exchanges.Count(e => e.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public int CountMsgCd(string msgCd) => Exchanges.Count(e => e.MsgCd == msgCd);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var trId = request.Headers.TryGetValues("tr_id", out var values) ? values.FirstOrDefault() : null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            _exchanges.Enqueue(new WireExchange(request.Method.Method, path, trId, (int)response.StatusCode, MsgCdOf(body), null));
            return response;
        }
        catch (Exception ex)
        {
            _exchanges.Enqueue(new WireExchange(request.Method.Method, path, trId, null, null, ex.GetType().Name));
            throw;
        }
    }

    private static string? MsgCdOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("msg_cd", out var m)) return m.GetString();
            if (root.TryGetProperty("error_code", out var e)) return e.GetString();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
