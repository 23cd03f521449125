using KisTrader.Core.Security;
using Microsoft.AspNetCore.Http.Features;

namespace KisTrader.Web.Http;

/// <summary>
/// Caps the request body of the JSON API and of the account forms (<see cref="InputLimits"/>) before anything reads it:
/// a larger body is answered 413 with problem details naming the limit, and is never parsed, bound or hashed. Bodies
/// without a length (chunked) are read up to the limit here, so the answer is the same. Kestrel's own limit is left as it
/// is on purpose: after the answer Kestrel discards the rest of the body up to it and the client reads the 413; a lower
/// limit would make it reset the connection instead, and the client would see no answer at all.
/// </summary>
public static class RequestBodyLimits
{
    public const string Field = "request body";

    /// <summary>The limit for a path: the API, the account forms; null = Kestrel's default (pages, hubs, static files).</summary>
    public static long? For(PathString path) =>
        path.StartsWithSegments("/api") ? InputLimits.JsonBodyMaxBytes
        : path.StartsWithSegments("/account") ? InputLimits.FormBodyMaxBytes
        : null;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (For(http.Request.Path) is not { } limit)
        {
            await next(http);
            return;
        }
        if (http.Request.ContentLength > limit || (http.Request.ContentLength is null && !await BufferWithinAsync(http, limit)))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimits))
                .LogWarning("Refused a request body over {Limit} bytes: {Method} {Path}", limit, http.Request.Method, http.Request.Path);
            await Results.Problem($"{Field}: at most {limit} bytes", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: InputProblem.Title).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>Reads a body of unknown length into memory, up to <paramref name="limit"/>; false when it is longer.</summary>
    private static async Task<bool> BufferWithinAsync(HttpContext http, long limit)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return true;
        var buffer = new MemoryStream();
        http.Response.RegisterForDispose(buffer);
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) return false;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false; // past Kestrel's own (larger) limit
        }
        buffer.Position = 0;
        http.Request.Body = buffer;
        http.Request.ContentLength = buffer.Length;
        return true;
    }
}
