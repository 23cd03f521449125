using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KisTrader.Web.Hosting;

/// <summary>/healthz is the one anonymous endpoint besides sign-in: it tells status only, never details or exception text.</summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext ctx, HealthReport report)
    {
        ctx.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
