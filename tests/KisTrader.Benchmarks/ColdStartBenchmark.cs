using System.Diagnostics;
using System.Globalization;
using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>Cold start: from launching the app's process on a fresh, empty data directory (database created and
/// migrated, admin seeded, simulator started) to the first 200 from /healthz. Polled every 20 ms. Each start of the app
/// is paired with a start of <see cref="BaselineServer"/> (an empty ASP.NET Core app), measured the same way. Memory:
/// the process's working set (VmRSS) and private bytes (RssAnon: its own resident memory, no mapped files or shared
/// pages) from /proc/&lt;pid&gt;/status, right after the first healthy /healthz and again after <see cref="Settle"/>
/// (start-up work still finishing in the background: the simulator's market, the feeds' first frames, JIT).
/// A second configuration, measured in the same rounds: the app published with ReadyToRun (<see cref="ReadyToRunApp"/>),
/// with its own ratio to the empty app; the goal's row stays the Debug build's.</summary>
public static class ColdStartBenchmark
{
    /// <summary>How long after the first healthy /healthz memory is read a second time.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>Working set and private bytes, MB.</summary>
    public readonly record struct Memory(double WorkingSet, double Private);

    private sealed record Start(double Seconds, Memory AtHealthy, Memory Settled);

    public static async Task<string> RunAsync(int runs)
    {
        var machine = BenchmarkReport.Machine();
        var app = new List<Start>();
        var baseline = new List<Start>();
        var r2r = new List<Start>();
        Console.WriteLine("cold start: publishing the ReadyToRun configuration");
        var published = await ReadyToRunApp.PublishAsync();
        Console.WriteLine(published.Dll is null ? $"cold start: ReadyToRun skipped: {published.Skipped}"
            : FormattableString.Invariant($"cold start: ReadyToRun published in {published.PublishTime.TotalSeconds:0} s"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < runs; i++)
        {
            app.Add(await StartAppAsync(http));
            baseline.Add(await StartBaselineAsync(http));
            if (published.Dll is { } dll) r2r.Add(await StartAsync(http, env: null, appDll: dll));
            Console.WriteLine(FormattableString.Invariant(
                $"cold start {i + 1}: app {app[^1].Seconds:0.00} s {app[^1].Settled.WorkingSet:0} MB, baseline {baseline[^1].Seconds:0.00} s {baseline[^1].Settled.WorkingSet:0} MB")
                + (r2r.Count > 0 ? FormattableString.Invariant($", ReadyToRun {r2r[^1].Seconds:0.00} s {r2r[^1].Settled.WorkingSet:0} MB") : ""));
        }
        var appStart = Median(app, s => s.Seconds);
        var baseStart = Median(baseline, s => s.Seconds);
        var appWs = Median(app, s => s.Settled.WorkingSet);
        var baseWs = Median(baseline, s => s.Settled.WorkingSet);
        var appPrivate = Median(app, s => s.Settled.Private);
        var basePrivate = Median(baseline, s => s.Settled.Private);
        var load = BenchmarkReport.LoadAverage();
        BenchmarkReport.Goal(6, BenchmarkReport.Goals[6],
            FormattableString.Invariant($"median {appStart:0.00} s; after {Settle.TotalSeconds:0} s settle: working set {appWs:0} MB, private {appPrivate:0} MB ({Configuration()}, {runs} starts, load average {load} at the end)"),
            FormattableString.Invariant($"empty ASP.NET Core app {baseStart:0.00} s, working set {baseWs:0} MB, private {basePrivate:0} MB"),
            FormattableString.Invariant($"{appStart / baseStart:0.0}× (time), {appWs / baseWs:0.0}× (working set), {appPrivate / basePrivate:0.0}× (private)"),
            met: appStart < 3 && appWs < 250);
        var a = app.Select(s => s.Seconds).Order().ToList();
        var b = baseline.Select(s => s.Seconds).Order().ToList();
        var r2rRows = ReadyToRunRows(r2r, published, baseStart, baseWs, basePrivate);
        return FormattableString.Invariant($"""
            ## Cold start to a healthy /healthz

            {runs} starts of `KisTrader.Web` ({Configuration()}) each on a fresh data directory, launch to the first 200 from
            `/healthz`, each followed by a start of the baseline: an empty ASP.NET Core app with one `/healthz` endpoint
            (`BaselineServer`, same configuration), measured the same way; in the same rounds, a start of the app published with
            ReadyToRun (`dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true`, started with
            `dotnet KisTrader.Web.dll`), a second configuration with its own ratio to the empty app. Machine: {machine}.

            | process | median | min | max | all (s) |
            |---|---:|---:|---:|---|
            | KisTrader.Web | {appStart:0.00} s | {a[0]:0.00} s | {a[^1]:0.00} s | {string.Join(", ", app.Select(s => s.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))} |
            | empty app (baseline) | {baseStart:0.00} s | {b[0]:0.00} s | {b[^1]:0.00} s | {string.Join(", ", baseline.Select(s => s.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))} |
            | ratio of medians | {appStart / baseStart:0.0}× | | | |
            {r2rRows.Time}

            Memory (medians, MB) from `/proc/<pid>/status`: working set = VmRSS, private = RssAnon (the process's own
            resident memory: no mapped files, no shared pages); read right after the first healthy `/healthz` and again
            {Settle.TotalSeconds:0} s later. Goal: the working set after the settle under 250 MB.

            | process | working set at healthy | private at healthy | working set after settle | private after settle |
            |---|---:|---:|---:|---:|
            | KisTrader.Web | {Median(app, s => s.AtHealthy.WorkingSet):0} | {Median(app, s => s.AtHealthy.Private):0} | {appWs:0} | {appPrivate:0} |
            | empty app (baseline) | {Median(baseline, s => s.AtHealthy.WorkingSet):0} | {Median(baseline, s => s.AtHealthy.Private):0} | {baseWs:0} | {basePrivate:0} |
            | ratio of medians | {Median(app, s => s.AtHealthy.WorkingSet) / Median(baseline, s => s.AtHealthy.WorkingSet):0.0}× | {Median(app, s => s.AtHealthy.Private) / Median(baseline, s => s.AtHealthy.Private):0.0}× | {appWs / baseWs:0.0}× | {appPrivate / basePrivate:0.0}× |
            {r2rRows.Memory}
            """);
    }

    /// <summary>The ReadyToRun configuration's rows of the two tables (its values and its ratios to the empty app), or
    /// one row saying why it was skipped.</summary>
    private static (string Time, string Memory) ReadyToRunRows(List<Start> r2r, ReadyToRunApp.Result published, double baseStart,
        double baseWs, double basePrivate)
    {
        if (r2r.Count == 0)
            return ($"| KisTrader.Web ReadyToRun (Release) | skipped: {published.Skipped} | | | |", "");
        var t = r2r.Select(s => s.Seconds).Order().ToList();
        var start = Median(r2r, s => s.Seconds);
        var ws = Median(r2r, s => s.Settled.WorkingSet);
        var priv = Median(r2r, s => s.Settled.Private);
        var time = FormattableString.Invariant(
            $"| KisTrader.Web ReadyToRun (Release) | {start:0.00} s | {t[0]:0.00} s | {t[^1]:0.00} s | {string.Join(", ", r2r.Select(s => s.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))} |\n| ReadyToRun: ratio to the empty app | {start / baseStart:0.0}× | | | |");
        var memory = FormattableString.Invariant(
            $"| KisTrader.Web ReadyToRun (Release) | {Median(r2r, s => s.AtHealthy.WorkingSet):0} | {Median(r2r, s => s.AtHealthy.Private):0} | {ws:0} | {priv:0} |\n| ReadyToRun: ratio to the empty app | | | {ws / baseWs:0.0}× | {priv / basePrivate:0.0}× |");
        return (time, memory);
    }

    private static double Median(IEnumerable<Start> starts, Func<Start, double> value) =>
        BenchmarkReport.Quantile(starts.Select(value).Order().ToList(), 0.5);

    private static Task<Start> StartAppAsync(HttpClient http) => StartAsync(http, env: null, appDll: null);

    private static Task<Start> StartBaselineAsync(HttpClient http) => StartAsync(http,
        new Dictionary<string, string> { [BaselineServer.EnvironmentVariable] = "1" }, typeof(BaselineServer).Assembly.Location);

    /// <summary>Launch to the first 200 from /healthz, in seconds, of the app (or another program) on a fresh work directory,
    /// and its memory then and after <see cref="Settle"/>.</summary>
    private static async Task<Start> StartAsync(HttpClient http, IDictionary<string, string>? env, string? appDll)
    {
        var workDir = AppProcess.NewWorkDir();
        var sw = Stopwatch.StartNew();
        Start start;
        // The port (0: any free one) is known from the "Now listening on" line, printed as Kestrel starts accepting.
        await using (var app = await AppProcess.StartAsync(env, workDir, appDll))
        {
            await WaitHealthyAsync(http, app.BaseUrl, sw, () => app.HasExited ? app.StandardOutput + app.StandardError : null);
            var elapsed = sw.Elapsed.TotalSeconds;
            var atHealthy = MemoryOf(app.ProcessId);
            await Task.Delay(Settle);
            start = new Start(elapsed, atHealthy, MemoryOf(app.ProcessId));
            await app.StopAsync();
        }
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        return start;
    }

    /// <summary>VmRSS and RssAnon of a process, MB, from /proc (NaN where there is no /proc).</summary>
    public static Memory MemoryOf(int pid)
    {
        var status = $"/proc/{pid}/status";
        var lines = File.Exists(status) ? File.ReadAllLines(status) : [];
        return new Memory(Field(lines, "VmRSS:"), Field(lines, "RssAnon:"));
    }

    private static double Field(string[] lines, string name)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
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
