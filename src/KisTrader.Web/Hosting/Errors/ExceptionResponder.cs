using Microsoft.AspNetCore.Diagnostics;

namespace KisTrader.Web.Hosting.Errors;

/// <summary>
/// The answer to an exception nobody caught. A request the framework could not read (<see cref="BadHttpRequestException"/>:
/// malformed JSON, a missing parameter, a wrong content type) is the client's mistake: its status (400, 413, 415) with a
/// sentence saying what was wrong, logged as one line without a stack. Anything else is ours: logged as an error with the
/// exception and a correlation id, answered with that id only (problem details, or the error page for a browser's page
/// request), never the exception's text, a stack or the request's cookies.
/// </summary>
internal sealed class ExceptionResponder(IProblemDetailsService problems, ILogger<ExceptionResponder> log) : IExceptionHandler
{
    public const string ServerErrorTitle = "An unexpected error occurred.";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var id = Correlation.IdOf(http);
        var request = http.Request;
        if (exception is BadHttpRequestException bad)
        {
            var reason = BadRequestText.Describe(bad);
            log.LogInformation("Refused {RequestMethod} {RequestPath} with {StatusCode}: {Reason} (correlation id {CorrelationId})",
                request.Method, request.Path.Value, bad.StatusCode, reason, id);
            await ErrorPolicy.WriteProblemAsync(problems, http, bad.StatusCode, "The request is not valid.", reason);
            return true;
        }

        log.LogError(exception, "Unhandled error in {RequestMethod} {RequestPath} (correlation id {CorrelationId})", request.Method, request.Path.Value, id);
        if (!ErrorPolicy.AnswersWithProblemDetails(request))
            return false; // the error page (ErrorPolicy.ErrorPath), re-executed by the middleware; it shows the same id
        await ErrorPolicy.WriteProblemAsync(problems, http, StatusCodes.Status500InternalServerError, ServerErrorTitle,
            $"The error was logged with correlation id {id}.");
        return true;
    }
}
