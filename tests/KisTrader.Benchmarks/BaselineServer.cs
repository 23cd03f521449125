using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KisTrader.Benchmarks;

/// <summary>The cold-start baseline: an empty ASP.NET Core app (default builder, one /healthz endpoint) started as its
/// own process from this assembly, so that the app's start-up is reported as a ratio to what the runtime and the web
/// host alone take on the same machine at the same moment.</summary>
public static class BaselineServer
{
    /// <summary>Set to "1" in the environment of this assembly's process to run the baseline server instead of the
    /// benchmarks (<see cref="KisTrader.Testing.AppProcess"/> starts it like the app, with its own arguments).</summary>
    public const string EnvironmentVariable = "KISTRADER_BENCH_BASELINE";

    public static bool Requested => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    public static async Task<int> RunAsync(string[] args)
    {
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/healthz", () => Results.Ok("Healthy"));
        await app.RunAsync();
        return 0;
    }
}
