using System.Diagnostics;
using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>Cold start: from launching the app's process on a fresh, empty data directory (database created and
/// migrated, admin seeded, simulator started) to the first 200 from /healthz. Polled every 20 ms.</summary>
public static class ColdStartBenchmark
{
    public static async Task<string> RunAsync(int runs)
    {
        var machine = BenchmarkReport.Machine();
        var seconds = new List<double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < runs; i++)
        {
            var workDir = AppProcess.NewWorkDir();
            var sw = Stopwatch.StartNew();
            // The port (0: any free one) is known from the "Now listening on" line, printed as Kestrel starts accepting.
            await using var app = await AppProcess.StartAsync(workDir: workDir);
            while (true)
            {
                if (app.HasExited) throw new InvalidOperationException("The app exited during start-up:\n" + app.StandardOutput + app.StandardError);
                if (sw.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException("No healthy /healthz within 90 s");
                try
                {
                    using var response = await http.GetAsync(new Uri(app.BaseUrl, "/healthz"));
                    if (response.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(20);
            }
            seconds.Add(sw.Elapsed.TotalSeconds);
            Console.WriteLine($"cold start {i + 1}: {sw.Elapsed.TotalSeconds:0.00} s");
            await app.StopAsync();
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        }
        var sorted = seconds.Order().ToList();
        return $"""
            ## Cold start to a healthy /healthz

            {runs} starts of `KisTrader.Web` ({Configuration()}) each on a fresh data directory, launch to the first 200 from
            `/healthz`. Machine: {machine}.

            | median | min | max | all (s) |
            |---:|---:|---:|---|
            | {BenchmarkReport.Quantile(sorted, 0.5):0.00} s | {sorted[0]:0.00} s | {sorted[^1]:0.00} s | {string.Join(", ", seconds.Select(s => s.ToString("0.00")))} |
            """;
    }

    internal static string Configuration() => new DirectoryInfo(Path.GetDirectoryName(AppProcess.AppDll)!).Parent!.Name;
}
