using KisTrader.Core.Security;
using Microsoft.AspNetCore.StaticAssets;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>
/// One line per HTTP request (Serilog's request logging), without secrets and without flooding: the query string is
/// logged with the values of sensitive parameters masked (and the rest passes the redacting sink like any event);
/// headers and cookies are never logged; static files, the Blazor circuit, the hubs and the health probe log at Debug.
/// </summary>
public static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath}{Query} responded {StatusCode} in {Elapsed:0.0} ms";

    /// <summary>Query parameters whose values are credentials whatever their text (a token in a link, a key in a callback).</summary>
    private static readonly HashSet<string> SensitiveParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "accesstoken", "token", "id_token", "refresh_token", "code", "key", "apikey", "api_key", "appkey", "appsecret",
        "secret", "client_secret", "password", "pwd", "signature", "sig", "auth", "authorization", "approval_key", "cano",
    };

    // Polled or chatty paths: useful when debugging, noise otherwise.
    private static readonly string[] QuietPrefixes = ["/_blazor", "/_framework", "/_content", "/hubs/", "/lib/", "/healthz", "/favicon"];

    public static IApplicationBuilder UseKisTraderRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(o => Configure(o, app.ApplicationServices.GetRequiredService<Serilog.ILogger>()));

    public static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        // The app's own logger (behind the redacting sink), not the static Log: several apps may share a test process.
        options.Logger = logger;
        options.MessageTemplate = MessageTemplate;
        options.IncludeQueryInRequestPath = false;
        options.GetLevel = LevelOf;
        options.EnrichDiagnosticContext = (diagnostics, http) =>
            diagnostics.Set("Query", MaskQuery(http.Request.QueryString.Value));
    }

    public static LogEventLevel LevelOf(HttpContext http, double elapsedMs, Exception? error)
    {
        // A client that went away is not a server error (its request ends with a cancellation).
        var clientLeft = error is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested;
        if (!clientLeft && (error is not null || http.Response.StatusCode >= 500)) return LogEventLevel.Error;
        if (http.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null) return LogEventLevel.Debug;
        var path = http.Request.Path.Value ?? "";
        return QuietPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    /// <summary>The query string with the value of every sensitive parameter replaced by <see cref="SecretRedactor.Mask"/>;
    /// "" when there is none.</summary>
    public static string MaskQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        var parts = query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=');
            var name = Uri.UnescapeDataString((eq < 0 ? parts[i] : parts[i][..eq]).Replace('+', ' '));
            if (eq >= 0 && SensitiveParameters.Contains(name.Trim())) parts[i] = parts[i][..(eq + 1)] + SecretRedactor.Mask;
        }
        return "?" + string.Join('&', parts);
    }
}
