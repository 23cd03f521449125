using KisTrader.Web.Hosting.Options;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace KisTrader.Web.Hosting.Errors;

/// <summary>
/// One error policy in every environment (docs/decisions.md, "One error policy in every environment"): an exception
/// answers problem details (RFC 7807) with a short message and a correlation id, or the error page for a browser's page
/// request; a status without a body (401, 404, 405, 415…) gets problem details with a sentence too. The details go only to
/// the log. The developer exception page is opt-in (<see cref="WebOptions.DetailedErrors"/>, Development only).
/// </summary>
public static class ErrorPolicy
{
    public const string ErrorPath = "/error";

    public static IServiceCollection AddKisTraderErrorPolicy(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // The id of the log line, and nothing else about the server (no exception, even if a writer added one).
            ctx.ProblemDetails.Extensions.Remove("exception");
            ctx.ProblemDetails.Extensions["traceId"] = Correlation.IdOf(ctx.HttpContext);
        });
        services.AddExceptionHandler<ExceptionResponder>();
        // The minimal-API binder throws for a request it cannot read in every environment (its default: only in Development,
        // elsewhere a silent 400 with no body), so ExceptionResponder can say what was wrong. After the framework's own default.
        services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Where the exception handler was: after request logging, so the request's line has the status given here.</summary>
    public static WebApplication UseKisTraderErrorPolicy(this WebApplication app)
    {
        var web = app.Services.GetRequiredService<WebOptions>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorPolicy));
        if (web.DetailedErrors && app.Environment.IsDevelopment())
        {
            // The developer exception page that WebApplication adds in Development stays in charge.
            log.LogWarning("Web:DetailedErrors is on: exception details, stack traces and the request's cookies reach the browser");
            return app;
        }
        if (web.DetailedErrors)
            log.LogWarning("Web:DetailedErrors is ignored in the {Environment} environment (Development only)", app.Environment.EnvironmentName);

        // Last resort: if the error handling itself fails, a bare 500, so that nothing outer (the developer exception page
        // WebApplication adds in Development) shows the exception. The failure was logged by the exception handler.
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"{ExceptionResponder.ServerErrorTitle} Correlation id {Correlation.IdOf(http)}.");
            }
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = ErrorPath,
            CreateScopeForErrors = true,
            // ExceptionResponder logs every exception once, with the correlation id; the middleware's own line would repeat it
            // without the id.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(WriteStatusAsync);
        return app;
    }

    /// <summary>The API, and any request that did not ask for HTML (scripts, fetch, the CLI); a browser's page request or
    /// form post asks for HTML and gets a page instead.</summary>
    public static bool AnswersWithProblemDetails(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        || !request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    public static async Task WriteProblemAsync(IProblemDetailsService problems, HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
        if (!written)
        {
            // The client accepts neither JSON nor problem+json: the same words as text.
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"{title} {detail}");
        }
    }

    /// <summary>A status the pipeline set without a body, on a request that gets problem details.</summary>
    private static Task WriteStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!AnswersWithProblemDetails(http.Request)) return Task.CompletedTask;
        var status = http.Response.StatusCode;
        var (title, detail) = status switch
        {
            400 => ("The request is not valid.", "The server could not read the request."),
            401 => ("Sign-in required.", "Sign in first."),
            403 => ("Not allowed.", "Your role may not do this."),
            404 => ("Not found.", "Nothing is here."),
            405 => ("Method not allowed.", $"{http.Request.Method} is not allowed here" +
                (http.Response.Headers.Allow is { Count: > 0 } allow ? $"; use {string.Join(", ", allow.ToArray())}." : ".")),
            413 => ("The request is too large.", "The request body is larger than this endpoint accepts."),
            415 => ("Unsupported content type.", "Send the body as JSON (Content-Type: application/json)."),
            429 => ("Too many requests.", "Wait a moment and try again."),
            // No exception passed here (an endpoint chose the status), so there may be no log line to point at: the id alone.
            >= 500 => ("The server could not complete the request.", $"Correlation id {Correlation.IdOf(http)}."),
            _ => (ReasonPhrases.GetReasonPhrase(status), $"The request ended with status {status}."),
        };
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        return WriteProblemAsync(problems, http, status, title, detail);
    }
}
