using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace KisTrader.Web.Security;

/// <summary>
/// The one gate against cross-site request forgery (docs/decisions.md, "Cross-site requests: one gate"). Runs after
/// authentication and authorization, so it sees who the caller is and the endpoint's antiforgery validation:
/// <list type="number">
/// <item>Every POST/PUT/PATCH/DELETE, and every request to a hub or the Blazor circuit (negotiate and WebSocket upgrade
/// included), must come from our own origin where the browser says where it came from: <c>Sec-Fetch-Site</c> absent or
/// <c>same-origin</c>, <c>Origin</c> absent or exactly this request's scheme://host:port. SameSite cookies do not
/// separate the ports of one host; these headers do.</item>
/// <item>An unsafe request to <c>/api</c> has a JSON body or none: text/plain, form and multipart bodies (all a plain
/// HTML form can send) are refused with 415.</item>
/// <item>An unsafe request (hubs and circuit aside) carries proof that our own page made it: a valid antiforgery token
/// (the <see cref="TokenHeader"/> header, or the form field of our own forms), or it is authenticated by an API token
/// (<c>Authorization: Bearer</c>, which a browser never attaches by itself).</item>
/// </list>
/// Refusals are problem-details JSON (403, or 415 for the body type) and a warning in the log.
/// </summary>
public static class CrossSiteRequestGuard
{
    /// <summary>The header our own scripts put the antiforgery token in (also Hangfire's dashboard, which reads the name
    /// from the antiforgery options).</summary>
    public const string TokenHeader = "X-CSRF-TOKEN";

    public const string CrossSiteTitle = "Cross-site request refused";
    public const string TokenTitle = "Antiforgery token missing or invalid";
    public const string MediaTypeTitle = "JSON body required";

    internal sealed record Refusal(int Status, string Title, string Detail);

    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var refusal = await CheckAsync(http);
        if (refusal is null)
        {
            await next(http);
            return;
        }
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequestGuard))
            .LogWarning("Refused {Method} {Path} from {Origin} ({SecFetchSite}): {Reason}", http.Request.Method, http.Request.Path.Value,
                Shorten(http.Request.Headers.Origin.ToString()), Shorten(http.Request.Headers["Sec-Fetch-Site"].ToString()), refusal.Title);
        await Results.Problem(refusal.Detail, statusCode: refusal.Status, title: refusal.Title).ExecuteAsync(http);
    });

    /// <summary>Whether the path is a live connection (a SignalR hub or the Blazor circuit).</summary>
    public static bool IsConnection(PathString path) => path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");

    internal static async Task<Refusal?> CheckAsync(HttpContext http)
    {
        var request = http.Request;
        // The error and status pages re-execute a request that failed: it was checked when it came in.
        if (http.Features.Get<IExceptionHandlerFeature>() is not null || http.Features.Get<IStatusCodeReExecuteFeature>() is not null) return null;
        var connection = IsConnection(request.Path);
        var mutating = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method));
        if (!mutating && !connection) return null;

        if (ForeignOrigin(request) is { } why) return new(StatusCodes.Status403Forbidden, CrossSiteTitle, why);
        // A hub or circuit connection has no token to show (the circuit's disconnect beacon, SignalR's negotiate): its
        // origin is its proof. Hub methods change nothing (MarketHub only joins tick groups); the circuit's own actions
        // need the circuit, which a foreign origin cannot open.
        if (connection) return null;

        if (request.Path.StartsWithSegments("/api") && !IsJsonOrEmpty(request))
            return new(StatusCodes.Status415UnsupportedMediaType, MediaTypeTitle,
                "This API takes JSON bodies only (application/json), or no body; a form or text/plain post is refused.");

        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiTokenAuthentication.SchemeName }) return null;
        if (!await AntiforgeryValidAsync(http))
            return new(StatusCodes.Status403Forbidden, TokenTitle,
                $"Send the antiforgery token of the page in the {TokenHeader} header, or call the API with an API token (Authorization: Bearer).");
        return null;
    }

    /// <summary>Why the browser's own headers say another site made this request, or null.</summary>
    internal static string? ForeignOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase))
            return $"The browser reports this request as {Shorten(site)} (Sec-Fetch-Site); only our own pages may make it.";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase))
            return null;
        // Our pages send "Referrer-Policy: no-referrer", under which Chromium sends "Origin: null" on our own form posts;
        // the browser's Sec-Fetch-Site still says same-origin then. A null origin without that (a sandboxed frame, an old
        // browser) is refused.
        if (origin == "null" && site.Equals("same-origin", StringComparison.OrdinalIgnoreCase))
            return null;
        return $"The request comes from {Shorten(origin)}, not from this site.";
    }

    private static bool IsJsonOrEmpty(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
            return request.ContentLength is null or 0 && !request.Headers.ContainsKey(HeaderNames.TransferEncoding);
        return MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<bool> AntiforgeryValidAsync(HttpContext http)
    {
        // The antiforgery middleware validated an endpoint that asks for it (our forms) and read the form doing so.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { } validated)
        {
            // A form that cannot be read (a NUL in a field) is the client's error, not a missing token: the error policy
            // answers 400 with a sentence.
            if (validated.Error?.InnerException is InvalidDataException unreadable)
                throw new BadHttpRequestException("The form could not be read.", StatusCodes.Status400BadRequest, unreadable);
            return validated.IsValid;
        }
        // An unreadable form (a NUL in a field, a broken encoding) throws BadHttpRequestException: the client's error,
        // which the error policy answers with 400 and a sentence.
        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }

    /// <summary>Header values in the log: at most 100 characters, no control characters.</summary>
    private static string Shorten(string value)
    {
        var clean = new string([.. value.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);
        return clean.Length == 0 ? "-" : clean;
    }
}
