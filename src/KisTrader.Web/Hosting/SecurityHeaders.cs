namespace KisTrader.Web.Hosting;

public static class SecurityHeaders
{
    /// <summary>Only our own scripts; no framing; no MIME sniffing. MudBlazor sets inline style attributes (and its theme is a style element), hence 'unsafe-inline' for
    /// styles only. connect-src 'self' covers the circuit's and the market hub's WebSockets to our own host (CSP level 3);
    /// "ws:"/"wss:" would allow a WebSocket to any host. See docs/decisions.md, "The content security policy".</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h["Content-Security-Policy"] = ContentSecurityPolicy;
            h["X-Frame-Options"] = "DENY";
            h["X-Content-Type-Options"] = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
