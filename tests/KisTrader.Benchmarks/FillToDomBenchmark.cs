using System.Text.Json;
using KisTrader.BrowserTests.Trading;
using KisTrader.Testing;
using Microsoft.Playwright;

namespace KisTrader.Benchmarks;

/// <summary>Goal 3: a fill is on the trader's screen within 250 ms at the 95th percentile. The simulator runs in this
/// process (<see cref="LiveSimulator"/>); every sample is one run of the real app whose LLM stand-in buys one share at
/// market with approval off, so the simulator fills it at once and emits the execution notice. Timed from that notice
/// leaving the simulator (this process's clock) to the fill's row appearing in the Overview's DOM (a MutationObserver in
/// Chromium, performance.timeOrigin + now(), whose offset to this process's clock is calibrated by round trips). The
/// path: notice → the app's feed → ledger write → bus → Blazor circuit render → DOM. Baseline, same run: a minimal
/// SignalR hub in its own process pushing a message into a page's DOM (<see cref="BaselineHubServer"/>). Load doubled:
/// one Overview open, then two (each a Blazor circuit that renders the fill).</summary>
public static class FillToDomBenchmark
{
    private const string Chromium = "/usr/bin/chromium";

    // Marks, per order id, when a fill row with it first appears (Blazor may reuse a row and change its data-order).
    private const string Observer = """
        () => {
          window.__fills = {};
          const mark = () => {
            const t = performance.timeOrigin + performance.now();
            for (const li of document.querySelectorAll('[data-testid=fill]')) {
              const id = li.getAttribute('data-order');
              if (id && !(id in window.__fills)) window.__fills[id] = t;
            }
          };
          mark();
          new MutationObserver(mark).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-order'] });
        }
        """;

    public static async Task<string> RunAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException("Chromium is missing: apt-get install chromium");
        var samples = BenchmarkMode.Pick(full: 40, quick: 10);
        // The first fills after start run the fill path's code for the first time (JIT, Debug build, first queries):
        // the goal is the steady state, so they are measured apart and reported in their own row.
        const int warmUps = 2;
        var firstFills = new List<double>();
        var machine = BenchmarkReport.Machine();
        await using var sim = await LiveSimulator.StartAsync(instruments: 8, printsPerSecond: 4);
        await using var llm = await PlanChatServer.StartAsync();
        var ticker = sim.Tickers[0];
        llm.Ticker = ticker;
        var env = sim.AppEnvironment();
        env["Trading__ApprovalMode"] = "Off";
        env["Llm__Endpoint"] = llm.Endpoint.ToString();
        env["Risk__MaxOrdersPerDay"] = "1000";
        // The app logs its FillPathTrace marks at Debug (FillPathLog): the breakdown of where the time goes.
        env["Logs__MinimumLevel"] = "Debug";
        var (app, baseUrl) = await LiveAppProcess.StartAsync(env);
        await using var _ = app;
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(120),
        };
        var signIn = await AppProcess.SignInAsync(http, AppProcess.AdminUser, AppProcess.AdminPassword);
        if (signIn.Headers.Location?.OriginalString != "/") throw new InvalidOperationException($"Sign-in failed: {signIn.StatusCode}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var first = await context.NewPageAsync();
        await first.GotoAsync("/account/login");
        await first.GetByTestId("login-user").FillAsync(AppProcess.AdminUser);
        await first.GetByTestId("login-password").FillAsync(AppProcess.AdminPassword);
        await first.GetByTestId("login-submit").ClickAsync();
        await first.WaitForURLAsync(new Uri(baseUrl, "/").ToString());
        // A run on a ticker the feed has not priced yet drops its market order: start once the Market page shows a price.
        await first.GotoAsync("/market");
        await Assertions.Expect(first.Locator($"[data-testid=watch-row][data-ticker='{ticker}'] [data-testid=watch-price]"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d,]*$"), new() { Timeout = 60_000 });

        var rows = new List<string>();
        var p95 = new Dictionary<int, double>();
        var p50 = double.NaN;
        var pages = new List<(IPage Page, double Offset)>();
        var skipped = new List<string>();
        var traced = new List<FillPathBreakdown.Sample>();
        foreach (var open in new[] { 1, 2 })
        {
            while (pages.Count < open)
            {
                var page = pages.Count == 0 ? first : await context.NewPageAsync();
                await page.GotoAsync("/");
                await WaitForCircuitAsync(page);
                await page.EvaluateAsync(Observer);
                pages.Add((page, await ClockOffsetAsync(page)));
            }
            Console.WriteLine($"fill-to-dom: {samples} fills, {open} Overview page(s) open");
            var latencies = new List<double>();
            for (var i = open == 1 ? -warmUps : 0; i < samples; i++)
            {
                var noticesBefore = sim.FillsSent.Count;
                var known = new List<HashSet<string>>();
                foreach (var (page, _) in pages) known.Add(await SeenAsync(page));
                var (status, summary) = await StartRunAsync(http);
                if (status != "Completed")
                {
                    skipped.Add($"{status}: {summary}");
                    continue;
                }
                var notices = sim.FillsSent.Skip(noticesBefore).ToList();
                if (notices.Count != 1)
                {
                    skipped.Add($"{notices.Count} fill notices");
                    continue;
                }
                var sentMs = UnixMs(notices[0].At);
                for (var k = 0; k < pages.Count; k++)
                {
                    var (page, offset) = pages[k];
                    var seenAt = await NewFillSeenAtAsync(page, known[k], TimeSpan.FromSeconds(30));
                    if (i < 0)
                    {
                        firstFills.Add(seenAt - offset - sentMs);
                        continue;
                    }
                    latencies.Add(seenAt - offset - sentMs);
                    if (open == 1) traced.Add(new(notices[0].OrderNo, sentMs, seenAt - offset));
                }
            }
            latencies.Sort();
            p95[open] = BenchmarkReport.Quantile(latencies, 0.95);
            if (open == 1)
            {
                p50 = BenchmarkReport.Quantile(latencies, 0.5);
                rows.Add(Row($"app: the first {warmUps} fills after start (not in the goal's figure)", [.. firstFills.Order()]));
                Console.WriteLine(rows[^1]);
            }
            rows.Add(Row($"app: notice → ledger → circuit → Overview DOM, {open} page(s)", latencies));
            Console.WriteLine(rows[^1]);
        }

        var breakdown = FillPathBreakdown.Rows(traced, app.StandardOutput);
        foreach (var row in breakdown) Console.WriteLine(row);
        var baseline = await BaselineAsync(browser, samples * 2);
        rows.Add(Row("baseline: minimal hub → SignalR → page DOM", baseline));
        Console.WriteLine(rows[^1]);
        var baseP95 = BenchmarkReport.Quantile(baseline, 0.95);
        var offsets = string.Join(", ", pages.Select(p => $"{p.Offset:0.0}"));
        BenchmarkReport.Goal(3, "fill → visible in the browser's DOM (notice → ledger → SignalR → Overview), p95 < 250 ms",
            FormattableString.Invariant($"p95 {p95[1]:0.0} ms, p50 {p50:0.0} ms ({samples} fills, load average {BenchmarkReport.LoadAverage()} at the end)"),
            FormattableString.Invariant($"minimal hub → DOM p95 {baseP95:0.0} ms"),
            p95[1] / baseP95, p95[1] < 250);
        var skippedText = skipped.Count == 0 ? "none" : string.Join("; ", skipped.GroupBy(s => s).Select(g => $"{g.Count()}× {g.Key}"));
        return $"""
            ## Goal 3: fill → visible in the browser's DOM (fill-to-dom)

            Goal: p95 under 250 ms. Measured ({BenchmarkMode.Name} mode, {samples} fills per row after {warmUps} warm-up fills,
            which have their own row): p95 **{p95[1]:0.0} ms**
            with one Overview open ({(p95[1] < 250 ? "met" : "missed")}); baseline p95 {baseP95:0.0} ms, ratio
            **{p95[1] / baseP95:0.0}×**. Load doubled (two Overviews, each its own circuit): p95 {p95[2]:0.0} ms, ×{p95[2] / p95[1]:0.00}
            of one.

            Each fill is one run of the app (`POST /api/runs`, approval off) whose LLM stand-in buys one share of {ticker} at
            market against the simulator, hosted in the benchmark process as a paper account's KIS server (so the app talks
            to it over loopback REST and WebSocket, as to KIS). Clock start: the simulator queues the fill's execution
            notice (H0STCNI9) to the app's WebSocket; clock stop: a MutationObserver in the Overview page sees the fill's
            row (`[data-testid=fill]`) with the order's id, at `performance.timeOrigin + performance.now()`, less the page
            clock's offset to the benchmark's (calibrated by the round trip with the smallest delay; offsets {offsets} ms).
            A market order fills while its REST call is still in flight, so the notice usually reaches the app before the
            order's number: the ledger keeps it and applies it when the order is recorded (LedgerRecorder's early notices),
            which this path includes. Baseline: a page on a minimal SignalR hub in its own process
            (`BaselineHubServer`) that sets an element's text per message, timed from the send to the DOM change the same
            way. Runs that placed no single fill: {skippedText}. Machine: {machine}. App: {ColdStartBenchmark.Configuration()}.

            | path | samples | p50 ms | p95 ms | max ms |
            |---|---:|---:|---:|---:|
            {string.Join("\n", rows)}

            Where the time goes, one Overview open: the app's own timestamps along the path (`FillPathTrace`, logged at
            Debug and read from its console), in ms since the simulator queued the notice; stages in the order of their
            median; `step`: the median from the row above, within the same fill. `kept-early`: the notice found no order
            with its number (the REST answer had not been recorded yet); `rest-answered` / `acknowledged`: the gateway got
            the order's REST answer / wrote its number; `applied`: the recorder found the order; `handler` / `rendered` /
            `acked`: the Overview's handler took the fill, its render batch was built, the browser acknowledged the batch.

            | stage | samples | p50 ms | p95 ms | step p50 ms |
            |---|---:|---:|---:|---:|
            {string.Join("\n", breakdown)}
            """;
    }

    /// <summary>The browser's clock minus this process's, in ms, from the quickest of a few round trips.</summary>
    private static async Task<double> ClockOffsetAsync(IPage page)
    {
        var best = (Rtt: double.MaxValue, Offset: 0.0);
        for (var i = 0; i < 15; i++)
        {
            var before = UnixMs(DateTime.UtcNow);
            var browser = double.Parse(await page.EvaluateAsync<string>("() => String(performance.timeOrigin + performance.now())"),
                System.Globalization.CultureInfo.InvariantCulture);
            var after = UnixMs(DateTime.UtcNow);
            if (after - before < best.Rtt) best = (after - before, browser - (before + after) / 2);
        }
        return best.Offset;
    }

    private static double UnixMs(DateTime utc) => (utc - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task<HashSet<string>> SeenAsync(IPage page) =>
        [.. await page.EvaluateAsync<string[]>("() => Object.keys(window.__fills)")];

    private static async Task<double> NewFillSeenAtAsync(IPage page, HashSet<string> known, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // As JSON text: Playwright's own serialization of the map does not keep the numbers as numbers.
            using var fills = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.__fills)"));
            foreach (var p in fills.RootElement.EnumerateObject())
                if (!known.Contains(p.Name)) return p.Value.GetDouble();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No new fill appeared on the Overview within " + timeout);
            await Task.Delay(50);
        }
    }

    /// <summary>Runs the operational graph once; a run is skipped, not queued, while another is running: ask again.</summary>
    private static async Task<(string Status, string Summary)> StartRunAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await http.PostAsync("/api/runs", null);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/runs: {(int)response.StatusCode} {body}");
            using var json = JsonDocument.Parse(body);
            var status = json.RootElement.GetProperty("status").GetString()!;
            if (status != "Skipped" || DateTime.UtcNow > deadline) return (status, json.RootElement.GetProperty("summary").GetString() ?? "");
            await Task.Delay(250);
        }
    }

    /// <summary>The circuit is live once the status strip's clock ticks.</summary>
    private static async Task WaitForCircuitAsync(IPage page)
    {
        var clock = page.GetByTestId("status-clock");
        var text = await clock.TextContentAsync();
        await Assertions.Expect(clock).Not.ToHaveTextAsync(text ?? "", new() { Timeout = 30_000 });
    }

    private static async Task<List<double>> BaselineAsync(IBrowser browser, int messages)
    {
        var (server, serverUrl) = await BaselineHubProcess.StartAsync(tickers: 1, ratePerSecond: 5);
        await using var _ = server;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = serverUrl.ToString() });
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync("() => window.__ready === true");
        var offset = await ClockOffsetAsync(page);
        await page.WaitForFunctionAsync($"() => window.__seen.length >= {messages + 5}", null, new() { Timeout = 60_000 });
        var seen = JsonSerializer.Deserialize<double[][]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.__seen)"))!;
        await page.CloseAsync();
        // The first few after connecting are skipped (JIT and connection warm-up), as the app's are after its first run.
        return [.. seen.Skip(5).Select(s => s[1] - offset - UnixMs(new DateTime((long)s[0], DateTimeKind.Utc))).Order()];
    }

    private static string Row(string path, IReadOnlyList<double> sorted) =>
        $"| {path} | {sorted.Count} | {BenchmarkReport.Quantile(sorted, 0.5):0.0} | {BenchmarkReport.Quantile(sorted, 0.95):0.0} | {(sorted.Count == 0 ? double.NaN : sorted[^1]):0.0} |";
}
