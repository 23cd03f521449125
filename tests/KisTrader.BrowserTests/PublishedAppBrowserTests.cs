using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>The app from <c>dotnet publish</c> started in Production, and Chromium.</summary>
public sealed class PublishedAppBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = default!;
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var dll = await PublishedApp.DllAsync();
        App = await AppProcess.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, appDll: dll);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

/// <summary>Issue 14, finding 3: pages loaded without their component library. In the published app in Production,
/// every page of the app loads in a real browser with its scripts, styles, fonts and the files scripts load later
/// (plotly.js), and not one request fails.</summary>
public sealed partial class PublishedAppBrowserTests(PublishedAppBrowserFixture fx, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<PublishedAppBrowserFixture>
{
    [Fact]
    public async Task Every_page_of_the_published_app_in_Production_loads_with_zero_failed_requests()
    {
        var context = await fx.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fx.App.BaseUrl.ToString() });
        context.SetDefaultTimeout(30_000);
        var failures = new List<string>();
        var requests = 0;
        var pages = 0;
        var urls = new HashSet<string>(StringComparer.Ordinal);
        var signIn = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(signIn, AppProcess.AdminUser, AppProcess.AdminPassword);
        await Expect(signIn).ToHaveURLAsync(fx.App.BaseUrl.ToString());
        await signIn.CloseAsync();

        foreach (var (path, interactive) in PageRoutes().Append(("/hangfire", false)))
        {
            // A fresh tab per page: leaving a page aborts what it still loads, and that is not a failure of the app.
            var page = await context.NewPageAsync();
            var pending = new Dictionary<IRequest, TaskCompletionSource>();
            TaskCompletionSource Pending(IRequest r)
            {
                lock (pending)
                {
                    if (!pending.TryGetValue(r, out var done))
                        pending[r] = done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return done;
                }
            }
            page.Request += (_, r) => { Pending(r); Interlocked.Increment(ref requests); lock (urls) urls.Add(new Uri(r.Url).AbsolutePath); };
            page.RequestFinished += (_, r) => Pending(r).TrySetResult();
            page.RequestFailed += (_, r) =>
            {
                lock (failures) failures.Add($"{path}: {r.Failure} {r.Url}");
                Pending(r).TrySetResult();
            };
            page.Response += (_, r) => { if (r.Status >= 400) lock (failures) failures.Add($"{path}: {r.Status} {r.Url}"); };
            page.Console += (_, m) => { if (m.Type == "error") lock (failures) failures.Add($"{path}: console: {m.Text}"); };
            page.PageError += (_, e) => { lock (failures) failures.Add($"{path}: page error: {e}"); };

            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.True(response?.Status == 200, $"{path}: {response?.Status} {page.Url}");
            Assert.Equal(new Uri(fx.App.BaseUrl, path).ToString(), page.Url);
            if (path != "/hangfire")
                // The component library's style sheet arrived whole (the probe's pages had it missing).
                Assert.True(await page.EvaluateAsync<int>(
                    "() => [...document.styleSheets].filter(s => s.href && s.href.includes('/_content/MudBlazor/')).reduce((n, s) => n + s.cssRules.length, 0)") > 1000,
                    $"{path}: MudBlazor's style sheet did not load");
            if (interactive)
            {
                // The circuit is up (the status clock ticks over it), so the components have rendered and loaded what
                // they load from script (the chart library on the Market page).
                try
                {
                    await BrowserFixture.WaitForCircuitAsync(page);
                }
                catch (PlaywrightException ex)
                {
                    lock (failures) Assert.Fail($"{path}: no circuit ({ex.Message.Split('\n')[0]}); failed so far:\n" + string.Join("\n", failures));
                }
            }
            Task[] started;
            lock (pending) started = [.. pending.Values.Select(p => p.Task)];
            await Task.WhenAll(started).WaitAsync(TimeSpan.FromSeconds(30));
            await page.CloseAsync();
            pages++;
        }
        await context.CloseAsync();

        output.WriteLine($"{pages} pages, {requests} requests ({urls.Count} distinct paths, {urls.Count(u => u.Contains("/_content/", StringComparison.Ordinal))} "
            + $"from component libraries: {string.Join(", ", urls.Where(u => u.Contains("/_content/", StringComparison.Ordinal)).Order())}), {failures.Count} failed; publish took {PublishedApp.PublishTime.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, $"{failures.Count} failed of {requests} requests:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(requests >= 50, $"only {requests} requests");
    }

    /// <summary>Every page the app routes (its @page directives) without route parameters, and whether it runs on the
    /// circuit (the static pages are marked [ExcludeFromInteractiveRouting]). Not the sign-in, denied and error pages.</summary>
    private static IEnumerable<(string Path, bool Interactive)> PageRoutes() =>
        Directory.EnumerateFiles(Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Web", "Components"), "*.razor", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .SelectMany(text => PageDirective().Matches(text).Select(m => (m.Groups[1].Value, !text.Contains("[ExcludeFromInteractiveRouting]", StringComparison.Ordinal))))
            .Where(p => !p.Item1.Contains('{') && p.Item1 is not "/account/login" and not "/account/denied" and not "/error")
            .Distinct()
            .OrderBy(p => p.Item1, StringComparer.Ordinal);

    [GeneratedRegex(@"^@page ""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex PageDirective();
}
