using KisTrader.Web.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// Every event the app logs, as its files get it (after redaction), captured in memory while it runs: register it with
/// <see cref="Register"/> when the app is built. For "bad input logs no error": take a <see cref="Mark"/>, send the input,
/// then <see cref="AssertNoErrorsSinceAsync"/>, which first waits for each request's own request-log line (written after
/// the response, so a test must not look earlier) and then fails on any Error or Fatal event since the mark.
/// </summary>
internal sealed class LogCapture : ILogTap
{
    private readonly List<LogEvent> _events = [];

    public void Emit(LogEvent logEvent)
    {
        lock (_events) _events.Add(logEvent);
    }

    public void Register(IServiceCollection services) => services.AddSingleton<ILogTap>(this);

    /// <summary>A position in the log: events from here on are "since".</summary>
    public int Mark()
    {
        lock (_events) return _events.Count;
    }

    public IReadOnlyList<LogEvent> Since(int mark)
    {
        lock (_events) return [.. _events.Skip(mark)];
    }

    public static string Category(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var v) && v is ScalarValue { Value: string s } ? s : "";

    public static string Text(LogEvent e) => $"[{e.Level}] {Category(e)}: {e.RenderMessage()}{(e.Exception is null ? "" : "\n" + e.Exception)}";

    /// <summary>Waits until the request log has a line for each of <paramref name="requests"/> ("POST /api/x"; in any order,
    /// each once) since <paramref name="mark"/>.</summary>
    public Task WhenRequestsLoggedAsync(int mark, IEnumerable<string> requests)
    {
        var wanted = requests.ToList();
        return KisTrader.Tests.Trading.Support.Poll.UntilAsync(() =>
        {
            var logged = Since(mark).Where(e => e.MessageTemplate.Text == RequestLogging.MessageTemplate)
                .Select(e => $"{Scalar(e, "RequestMethod")} {Scalar(e, "RequestPath")}").ToList();
            foreach (var w in wanted)
            {
                if (!logged.Remove(w)) return Task.FromResult(false);
            }
            return Task.FromResult(true);
        }, TimeSpan.FromSeconds(20), "the request log lines of " + string.Join(", ", wanted));
    }

    /// <summary>No Error or Fatal event since <paramref name="mark"/>, once every request in <paramref name="requests"/>
    /// was logged as finished; and no request answered 5xx.</summary>
    public async Task AssertNoErrorsSinceAsync(int mark, IEnumerable<string> requests)
    {
        await WhenRequestsLoggedAsync(mark, requests);
        var errors = Since(mark).Where(e => e.Level >= LogEventLevel.Error).Select(Text).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} error line(s) logged:\n" + string.Join("\n", errors));
        var fiveHundreds = Since(mark).Where(e => e.MessageTemplate.Text == RequestLogging.MessageTemplate && Scalar(e, "StatusCode") is int s && s >= 500)
            .Select(e => e.RenderMessage()).ToList();
        Assert.True(fiveHundreds.Count == 0, "5xx answers:\n" + string.Join("\n", fiveHundreds));
    }

    private static object? Scalar(LogEvent e, string name) => e.Properties.TryGetValue(name, out var v) && v is ScalarValue s ? s.Value : null;
}
