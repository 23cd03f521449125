using System.Net;
using KisTrader.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KisTrader.Benchmarks;

/// <summary>Goal 4: 50 SignalR clients each watching 20 instruments at 10 ticks/s per instrument: the app's CPU under
/// 50% of one core, lag under 1 s at p99. The simulator runs in this process (<see cref="LiveSimulator"/>, 20 instruments
/// at about 10 prints a second each) and the app is its paper client; the clients are .NET SignalR clients on the app's
/// market hub (/hubs/market, signed in with the admin's cookie), each watching all 20. Lag: from the simulator queuing
/// the print's frame to the client's handler, by the print's accumulated volume (unique per instrument and day), on one
/// clock. CPU: the app process's utime + stime (/proc/&lt;pid&gt;/stat) over the window. Baseline, same run: a minimal hub in
/// its own process broadcasting messages of the same shape at the rate the app delivered (<see cref="BaselineHubServer"/>).
/// Load doubled: 25 then 50 clients.</summary>
public static class SignalRFanoutBenchmark
{
    private const int Instruments = 20;
    private const int TicksPerSecond = 10;

    private sealed record TickProbe(string Ticker, long CumulativeVolume);

    private sealed record Phase(string Server, int Clients, double Seconds, long Received, double CpuPercent, List<double> LagMs, long Unmatched);

    public static async Task<string> RunAsync()
    {
        var seconds = BenchmarkMode.Pick(full: 60, quick: 15);
        var machine = BenchmarkReport.Machine();
        var phases = new List<Phase>();
        double printRate;
        await using (var sim = await LiveSimulator.StartAsync(Instruments, TicksPerSecond))
        {
            var (app, baseUrl) = await LiveAppProcess.StartAsync(sim.AppEnvironment());
            await using var _ = app;
            var cookies = await SignInAsync(baseUrl);
            var hubUrl = new Uri(baseUrl, "/hubs/market");
            var printsBefore = sim.PrintsSent;
            var rateClock = DateTime.UtcNow;
            foreach (var clients in new[] { 25, 50 })
            {
                Console.WriteLine($"signalr-fanout: app, {clients} clients, {seconds} s");
                phases.Add(await MeasureAsync("app", app.ProcessId, clients, seconds, hubUrl, cookies, sim.Tickers,
                    sentTicks: (ticker, volume) => sim.TryGetPrintSent(ticker, volume, out var t) ? t : null,
                    recording: on => { sim.RecordPrints = on; if (!on) sim.ClearPrints(); }));
                Console.WriteLine(Describe(phases[^1]));
            }
            printRate = (sim.PrintsSent - printsBefore) / (DateTime.UtcNow - rateClock).TotalSeconds / Instruments;
        }

        // The same message rate per ticker as the simulator printed, from a hub with nothing behind it.
        var (baseline, baselineUrl) = await BaselineHubProcess.StartAsync(Instruments, printRate);
        await using (baseline)
        {
            var tickers = Enumerable.Range(0, Instruments).Select(BaselineHubServer.Ticker).ToList();
            foreach (var clients in new[] { 25, 50 })
            {
                Console.WriteLine($"signalr-fanout: baseline hub, {clients} clients, {seconds} s");
                phases.Add(await MeasureAsync("baseline", baseline.ProcessId, clients, seconds, new Uri(baselineUrl, BaselineHubServer.HubPath),
                    new CookieContainer(), tickers, sentTicks: (_, volume) => volume, recording: _ => { }));
                Console.WriteLine(Describe(phases[^1]));
            }
        }

        var app50 = phases.Single(p => p.Server == "app" && p.Clients == 50);
        var app25 = phases.Single(p => p.Server == "app" && p.Clients == 25);
        var base50 = phases.Single(p => p.Server == "baseline" && p.Clients == 50);
        double P99(Phase p) => BenchmarkReport.Quantile(p.LagMs, 0.99);
        BenchmarkReport.Goal(4, "50 SignalR clients × 20 instruments × 10 ticks/s: server CPU < 50% of one core, lag p99 < 1 s",
            FormattableString.Invariant($"CPU {app50.CpuPercent:0.0}%, lag p99 {P99(app50):0} ms"),
            FormattableString.Invariant($"minimal hub: CPU {base50.CpuPercent:0.0}%, p99 {P99(base50):0} ms"),
            app50.CpuPercent / base50.CpuPercent, app50.CpuPercent < 50 && P99(app50) < 1000);
        return $"""
            ## Goal 4: 50 SignalR clients × 20 instruments × 10 ticks/s (signalr-fanout)

            Goals: the app's CPU under 50% of one core, lag p99 under 1 s. Measured ({BenchmarkMode.Name} mode, {seconds} s per
            row): **{app50.CpuPercent:0.0}%** of one core ({(app50.CpuPercent < 50 ? "met" : "missed")}), lag p99 **{P99(app50):0} ms**
            ({(P99(app50) < 1000 ? "met" : "missed")}). Baseline (minimal hub, 50 clients, same message rate): {base50.CpuPercent:0.0}%
            and p99 {P99(base50):0} ms; ratios **{app50.CpuPercent / base50.CpuPercent:0.0}×** CPU and **{P99(app50) / P99(base50):0.0}×** p99
            lag. Load doubled (25 → 50 clients): the app's CPU ×{app50.CpuPercent / app25.CpuPercent:0.00}, p99 ×{P99(app50) / P99(app25):0.00}.

            The simulator runs in the benchmark process as the app's KIS server (paper account, loopback REST and
            WebSocket): {Instruments} instruments, {printRate:0.0} prints/s each on average (one to three per step, as its taker
            flow trades; the app sends one hub message per print). The clients are .NET SignalR clients (WebSockets, JSON
            protocol) in the benchmark process, each calling `Watch` with all {Instruments} tickers on `/hubs/market` with the
            admin's sign-in cookie. Lag: from the simulator queuing a print's frame to the client's handler, matched by
            ticker and accumulated volume; the baseline hub stamps its send time into the message instead. CPU: the server
            process's user + system time over the window, in % of one core. `unmatched`: messages whose print was emitted
            before the window. The clients and the simulator share the machine's 2 cores with the server, so lag includes
            their own scheduling. Machine: {machine}. App: {ColdStartBenchmark.Configuration()}.

            | server | clients | messages/s received | CPU % of one core | lag p50 ms | lag p99 ms | lag max ms | unmatched |
            |---|---:|---:|---:|---:|---:|---:|---:|
            {string.Join("\n", phases.Select(Describe))}
            """;
    }

    private static string Describe(Phase p) =>
        $"| {p.Server} | {p.Clients} | {p.Received / p.Seconds:0} | {p.CpuPercent:0.0} | {BenchmarkReport.Quantile(p.LagMs, 0.5):0.0} | " +
        $"{BenchmarkReport.Quantile(p.LagMs, 0.99):0.0} | {(p.LagMs.Count == 0 ? double.NaN : p.LagMs[^1]):0.0} | {p.Unmatched} |";

    private static async Task<CookieContainer> SignInAsync(Uri baseUrl)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        var response = await AppProcess.SignInAsync(http, AppProcess.AdminUser, AppProcess.AdminPassword);
        if (response.Headers.Location?.OriginalString != "/") throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}");
        return cookies;
    }

    private static async Task<Phase> MeasureAsync(string server, int pid, int clients, int seconds, Uri hubUrl, CookieContainer cookies,
        IReadOnlyList<string> tickers, Func<string, long, long?> sentTicks, Action<bool> recording)
    {
        var measuring = 0;
        var lags = new List<double>[clients];
        var received = new long[clients];
        var unmatched = new long[clients];
        var connections = new List<HubConnection>();
        try
        {
            for (var c = 0; c < clients; c++)
            {
                var index = c;
                lags[c] = new List<double>(seconds * Instruments * TicksPerSecond);
                var connection = new HubConnectionBuilder()
                    .WithUrl(hubUrl, o => { o.Cookies = cookies; o.Transports = HttpTransportType.WebSockets; })
                    .Build();
                // One connection's handlers run one at a time, so its own list needs no lock.
                connection.On<TickProbe>("tick", m =>
                {
                    var now = DateTime.UtcNow.Ticks;
                    if (Volatile.Read(ref measuring) == 0) return;
                    received[index]++;
                    if (sentTicks(m.Ticker, m.CumulativeVolume) is { } sent) lags[index].Add((now - sent) / 10_000.0);
                    else unmatched[index]++;
                });
                await connection.StartAsync();
                await connection.InvokeAsync<object>("Watch", tickers.ToArray());
                connections.Add(connection);
            }
            // Warm-up: every client connected and receiving before the window opens.
            await Task.Delay(TimeSpan.FromSeconds(3));
            recording(true);
            var cpu0 = CpuSeconds(pid);
            var wall0 = DateTime.UtcNow;
            Volatile.Write(ref measuring, 1);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var cpu1 = CpuSeconds(pid);
            var wall = (DateTime.UtcNow - wall0).TotalSeconds;
            // Messages in flight at the window's end still count (their print was recorded); then stop.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Volatile.Write(ref measuring, 0);
            recording(false);
            var all = lags.SelectMany(l => l).Order().ToList();
            // The rate counts the drain too: messages keep arriving while it lasts.
            return new Phase(server, clients, wall + 2, received.Sum(), (cpu1 - cpu0) / wall * 100, all, unmatched.Sum());
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>The process's user + system CPU time so far (fields 14 and 15 of /proc/&lt;pid&gt;/stat, in clock ticks of
    /// 1/100 s, Linux's USER_HZ).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
