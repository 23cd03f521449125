using System.Diagnostics;
using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>Cold start: from launching the app's process on a fresh, empty data directory (database created and
/// migrated, admin seeded, simulator started) to the first 200 from /healthz. Polled every 20 ms. Each start of the app
/// is paired with a start of <see cref="BaselineServer"/> (an empty ASP.NET Core app), measured the same way.</summary>
public static class ColdStartBenchmark
{
    public static async Task<string> RunAsync(int runs)
    {
        var machine = BenchmarkReport.Machine();
        var app = new List<double>();
        var baseline = new List<double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < runs; i++)
        {
            app.Add(await StartAppAsync(http));
            baseline.Add(await StartBaselineAsync(http));
            Console.WriteLine($"cold start {i + 1}: app {app[^1]:0.00} s, baseline {baseline[^1]:0.00} s");
        }
        var a = app.Order().ToList();
        var b = baseline.Order().ToList();
        var ratio = BenchmarkReport.Quantile(a, 0.5) / BenchmarkReport.Quantile(b, 0.5);
        return $"""
            ## Cold start to a healthy /healthz

            {runs} starts of `KisTrader.Web` ({Configuration()}) each on a fresh data directory, launch to the first 200 from
            `/healthz`, each followed by a start of the baseline: an empty ASP.NET Core app with one `/healthz` endpoint
            (`BaselineServer`, same configuration), measured the same way. Machine: {machine}.

            | process | median | min | max | all (s) |
            |---|---:|---:|---:|---|
            | KisTrader.Web | {BenchmarkReport.Quantile(a, 0.5):0.00} s | {a[0]:0.00} s | {a[^1]:0.00} s | {string.Join(", ", app.Select(s => s.ToString("0.00")))} |
            | empty app (baseline) | {BenchmarkReport.Quantile(b, 0.5):0.00} s | {b[0]:0.00} s | {b[^1]:0.00} s | {string.Join(", ", baseline.Select(s => s.ToString("0.00")))} |
            | ratio of medians | {ratio:0.0}× | | | |
            """;
    }

    private static Task<double> StartAppAsync(HttpClient http) => StartAsync(http, env: null, appDll: null);

    private static Task<double> StartBaselineAsync(HttpClient http) => StartAsync(http,
        new Dictionary<string, string> { [BaselineServer.EnvironmentVariable] = "1" }, typeof(BaselineServer).Assembly.Location);

    /// <summary>Launch to the first 200 from /healthz, in seconds, of the app (or another program) on a fresh work directory.</summary>
    private static async Task<double> StartAsync(HttpClient http, IDictionary<string, string>? env, string? appDll)
    {
        var workDir = AppProcess.NewWorkDir();
        var sw = Stopwatch.StartNew();
        double elapsed;
        // The port (0: any free one) is known from the "Now listening on" line, printed as Kestrel starts accepting.
        await using (var app = await AppProcess.StartAsync(env, workDir, appDll))
        {
            await WaitHealthyAsync(http, app.BaseUrl, sw, () => app.HasExited ? app.StandardOutput + app.StandardError : null);
            elapsed = sw.Elapsed.TotalSeconds;
            await app.StopAsync();
        }
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        return elapsed;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Uri baseUrl, Stopwatch sw, Func<string?> exited)
    {
        while (true)
        {
            if (exited() is { } output) throw new InvalidOperationException("The process exited during start-up:\n" + output);
            if (sw.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException("No healthy /healthz within 90 s");
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "/healthz"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
    }

    internal static string Configuration() => new DirectoryInfo(Path.GetDirectoryName(AppProcess.AppDll)!).Parent!.Name;
}
