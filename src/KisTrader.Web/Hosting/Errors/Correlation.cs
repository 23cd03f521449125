using System.Diagnostics;

namespace KisTrader.Web.Hosting.Errors;

/// <summary>The id that ties an error answer (problem details, the error page) to its log line: the request's W3C trace id,
/// else the server's request id. Fixed on first use, so the re-executed error page shows the id the log line has.</summary>
public static class Correlation
{
    private const string Key = "KisTrader.CorrelationId";

    public static string IdOf(HttpContext http)
    {
        if (http.Items.TryGetValue(Key, out var existing) && existing is string known) return known;
        var id = Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : http.TraceIdentifier;
        http.Items[Key] = id;
        return id;
    }
}
