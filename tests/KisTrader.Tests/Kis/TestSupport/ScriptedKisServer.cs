using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KisTrader.Tests.Kis.TestSupport;

/// <summary>One request as the scripted server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : throw new KeyNotFoundException($"header {name} was not sent");
}

/// <summary>A scripted answer: status, JSON body, extra headers (e.g. tr_cont), a delay, or a dropped connection.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default, bool Abort = false)
{
    public static Reply Ok(string body, string? trCont = null) =>
        new(200, body, trCont is null ? null : new Dictionary<string, string> { ["tr_cont"] = trCont });
}

/// <summary>
/// A loopback HTTP server (Kestrel on 127.0.0.1:0) answering KIS-shaped responses written from KIS_API.md, scripted
/// per path. tokenP answers by default with a fresh token expiring a day after the given clock.
/// </summary>
public sealed class ScriptedKisServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, int, Reply>> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _tokens;

    private ScriptedKisServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
        On("/oauth2/tokenP", (_, _) => Reply.Ok(TokenBody($"token-{Interlocked.Increment(ref _tokens)}", Clock.GetUtcNow().AddDays(1))));
        On("/oauth2/Approval", (_, n) => Reply.Ok($$"""{"approval_key":"approval-{{n + 1}}-0000-0000-0000-000000000000"}"""));
    }

    public TimeProvider Clock { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public static async Task<ScriptedKisServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedKisServer(app, clock ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public static string TokenBody(string token, DateTimeOffset expiresUtc) =>
        $$"""{"access_token":"{{token}}","access_token_token_expired":"{{expiresUtc.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}}","token_type":"Bearer","expires_in":86400}""";

    /// <summary>Answers <paramref name="path"/> with the handler; it gets the request and the 0-based call number for that path.</summary>
    public void On(string path, Func<RecordedRequest, int, Reply> handler) => _routes[path] = handler;

    /// <summary>The n-th call gets the n-th reply; calls past the end get the last one.</summary>
    public void OnSequence(string path, params Reply[] replies) => On(path, (_, n) => replies[Math.Min(n, replies.Length - 1)]);

    public int Count(string path) => _counts.GetValueOrDefault(path);

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => Requests.Where(r => string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase)).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body);
        _requests.Enqueue(request);
        var n = _counts.AddOrUpdate(request.Path, 1, (_, c) => c + 1) - 1;

        if (!_routes.TryGetValue(request.Path, out var handler))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var reply = handler(request, n);
        if (reply.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(reply.Delay, context.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        if (reply.Abort)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["tr_id"] = context.Request.Headers["tr_id"];
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        if (reply.Body.Length > 0)
            await context.Response.WriteAsync(reply.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
