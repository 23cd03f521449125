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
        var appMemory = new List<double>();
        var baselineMemory = new List<double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < runs; i++)
        {
            var (seconds, megabytes) = await StartAppAsync(http);
            app.Add(seconds);
            appMemory.Add(megabytes);
            (seconds, megabytes) = await StartBaselineAsync(http);
            baseline.Add(seconds);
            baselineMemory.Add(megabytes);
            Console.WriteLine($"cold start {i + 1}: app {app[^1]:0.00} s {appMemory[^1]:0} MB, baseline {baseline[^1]:0.00} s {baselineMemory[^1]:0} MB");
        }
        var a = app.Order().ToList();
        var b = baseline.Order().ToList();
        var am = appMemory.Order().ToList();
        var bm = baselineMemory.Order().ToList();
        var ratio = BenchmarkReport.Quantile(a, 0.5) / BenchmarkReport.Quantile(b, 0.5);
        var (appStart, appMb) = (BenchmarkReport.Quantile(a, 0.5), BenchmarkReport.Quantile(am, 0.5));
        BenchmarkReport.Goal(6, BenchmarkReport.Goals[6],
            $"median {appStart:0.00} s, {appMb:0} MB resident ({Configuration()}, {runs} starts)",
            $"empty ASP.NET Core app {BenchmarkReport.Quantile(b, 0.5):0.00} s, {BenchmarkReport.Quantile(bm, 0.5):0} MB",
            $"{ratio:0.0}× (time), {appMb / BenchmarkReport.Quantile(bm, 0.5):0.0}× (memory)",
            met: appStart < 3 && appMb < 250);
        return $"""
            ## Cold start to a healthy /healthz

            {runs} starts of `KisTrader.Web` ({Configuration()}) each on a fresh data directory, launch to the first 200 from
            `/healthz`, each followed by a start of the baseline: an empty ASP.NET Core app with one `/healthz` endpoint
            (`BaselineServer`, same configuration), measured the same way. Machine: {machine}.

            Memory: the process's resident set (VmRSS) right after its first healthy `/healthz`.

            | process | median | min | max | all (s) | memory after start (median) |
            |---|---:|---:|---:|---|---:|
            | KisTrader.Web | {BenchmarkReport.Quantile(a, 0.5):0.00} s | {a[0]:0.00} s | {a[^1]:0.00} s | {string.Join(", ", app.Select(s => s.ToString("0.00")))} | {appMb:0} MB |
            | empty app (baseline) | {BenchmarkReport.Quantile(b, 0.5):0.00} s | {b[0]:0.00} s | {b[^1]:0.00} s | {string.Join(", ", baseline.Select(s => s.ToString("0.00")))} | {BenchmarkReport.Quantile(bm, 0.5):0} MB |
            | ratio of medians | {ratio:0.0}× | | | | {appMb / BenchmarkReport.Quantile(bm, 0.5):0.0}× |
            """;
    }

    private static Task<(double Seconds, double Megabytes)> StartAppAsync(HttpClient http) => StartAsync(http, env: null, appDll: null);

    private static Task<(double Seconds, double Megabytes)> StartBaselineAsync(HttpClient http) => StartAsync(http,
        new Dictionary<string, string> { [BaselineServer.EnvironmentVariable] = "1" }, typeof(BaselineServer).Assembly.Location);

    /// <summary>Launch to the first 200 from /healthz, in seconds, of the app (or another program) on a fresh work directory,
    /// and its resident memory then, in MB.</summary>
    private static async Task<(double Seconds, double Megabytes)> StartAsync(HttpClient http, IDictionary<string, string>? env, string? appDll)
    {
        var workDir = AppProcess.NewWorkDir();
        var sw = Stopwatch.StartNew();
        double elapsed, megabytes;
        // The port (0: any free one) is known from the "Now listening on" line, printed as Kestrel starts accepting.
        await using (var app = await AppProcess.StartAsync(env, workDir, appDll))
        {
            await WaitHealthyAsync(http, app.BaseUrl, sw, () => app.HasExited ? app.StandardOutput + app.StandardError : null);
            elapsed = sw.Elapsed.TotalSeconds;
            megabytes = ResidentMegabytes(app.ProcessId);
            await app.StopAsync();
        }
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        return (elapsed, megabytes);
    }

    /// <summary>VmRSS of a process, from /proc (NaN where there is no /proc).</summary>
    private static double ResidentMegabytes(int pid)
    {
        var status = $"/proc/{pid}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
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
