using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace KisTrader.Benchmarks;

/// <summary>The cold-start baseline: an empty ASP.NET Core app (default builder, one /healthz endpoint) started as its
/// own process from this assembly, so that the app's start-up is reported as a ratio to what the runtime and the web
/// host alone take on the same machine at the same moment.</summary>
public static partial class BaselineServer
{
    public const string Verb = "--baseline-server";

    /// <summary>Runs the baseline server in this process (the benchmark starts it with <see cref="Verb"/>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok("Healthy"));
        await app.RunAsync();
        return 0;
    }

    /// <summary>Starts the baseline server and returns it once it printed the address it listens on.</summary>
    public static async Task<(Process Process, Uri BaseUrl)> StartAsync()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(BaselineServer).Assembly.Location);
        psi.ArgumentList.Add(Verb);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            var m = e.Data is null ? Match.Empty : ListeningPattern().Match(e.Data);
            if (m.Success) listening.TrySetResult(new Uri(m.Groups[1].Value.TrimEnd('/') + "/"));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The baseline server exited before listening."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
