using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using KisTrader.Testing;
using Xunit.Abstractions;

namespace KisTrader.Tests.Hosting;

/// <summary>The app from <c>dotnet publish</c>, started in Production, once for the tests of the class.</summary>
public sealed class PublishedAppFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;
    public string Dll { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Dll = await PublishedApp.DllAsync();
        App = await AppProcess.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, appDll: Dll);
    }

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}

/// <summary>Issue 14, finding 3: the published app in Production serves every asset and every page of the app without
/// a failed request, and a missing static file is a 404 without an error in the log.</summary>
public sealed partial class PublishedAppTests(PublishedAppFixture fixture, ITestOutputHelper output) : IClassFixture<PublishedAppFixture>
{
    private AppProcess App => fixture.App;

    [Fact]
    public async Task The_published_app_in_Production_serves_every_static_asset_its_manifest_lists()
    {
        var endpoints = ManifestEndpoint.Read(fixture.Dll);

        var failures = await StaticAssetProbe.FailuresAsync(App, endpoints);

        // The files that were broken: the component libraries' and the compressed copies.
        Assert.Contains(endpoints, e => e.Route.StartsWith("_content/MudBlazor/", StringComparison.Ordinal) && e.Encoding == "gzip");
        Assert.Contains(endpoints, e => e.Route.StartsWith("_content/Plotly.Blazor/", StringComparison.Ordinal) && e.Encoding == "br");
        Assert.Contains(endpoints, e => e.Route.EndsWith(".gz", StringComparison.Ordinal) && e.ContentEncoding == "gzip");
        Assert.Contains(endpoints, e => e.Route.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, $"{failures.Count} of {endpoints.Count} static asset endpoints failed:\n" + string.Join("\n", failures.Take(20)));
        Assert.Empty(StaticAssetProbe.ErrorLines(App));
    }

    [Fact]
    public async Task The_published_app_in_Production_loads_every_page_and_every_file_the_pages_link_for_the_admin()
    {
        using var client = await App.SignedInClientAsync();
        var pages = new Queue<string>(PageRoutes().Append("/hangfire"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var files = 0;
        while (pages.TryDequeue(out var page))
        {
            if (!seen.Add(page)) continue;
            using var response = await client.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"page {page}: {(int)response.StatusCode} {response.Headers.Location}");
                continue;
            }
            // Links resolve against the pages' <base href="/">. Pages the page links to (the navigation, the jobs dashboard's own pages) are pages of the app too.
            foreach (Match m in AnchorPattern().Matches(html))
                if (Local(WebUtility.HtmlDecode(m.Groups[1].Value), "/") is { } link) pages.Enqueue(link);
            foreach (Match m in FilePattern().Matches(html))
            {
                if (Local(WebUtility.HtmlDecode(m.Groups[1].Value), "/") is not { } file || !seen.Add(file)) continue;
                files++;
                using var asset = await client.GetAsync(file);
                var body = await asset.Content.ReadAsStringAsync();
                if (asset.StatusCode != HttpStatusCode.OK || body.Length == 0)
                    failures.Add($"{file} (from {page}): {(int)asset.StatusCode}, {body.Length} characters");
                // Style sheets load fonts and images in turn (the Korean font's slices).
                if (file.Split('?')[0].EndsWith(".css", StringComparison.Ordinal))
                    foreach (Match u in CssUrlPattern().Matches(body))
                        if (Local(u.Groups[1].Value, file) is { } nested && seen.Add(nested))
                        {
                            files++;
                            using var font = await client.GetAsync(nested);
                            if (font.StatusCode != HttpStatusCode.OK) failures.Add($"{nested} (from {file}): {(int)font.StatusCode}");
                        }
            }
        }

        output.WriteLine($"{seen.Count - files} pages and {files} files they link loaded; publish took {PublishedApp.PublishTime.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(seen.Count - files >= 12, $"only {seen.Count - files} pages loaded");
        Assert.True(files >= 10, $"only {files} linked files loaded");
        Assert.Empty(StaticAssetProbe.ErrorLines(App));
    }

    [Fact]
    public async Task A_missing_static_file_is_a_404_and_logs_no_error()
    {
        using var client = await App.SignedInClientAsync();
        var publishedCss = Path.Combine(Path.GetDirectoryName(fixture.Dll)!, "wwwroot", "css", "app.css");
        var route = ManifestEndpoint.Read(fixture.Dll).First(e => e.Route.StartsWith("css/app.", StringComparison.Ordinal) && e.Encoding is null).Route;
        File.Move(publishedCss, publishedCss + ".away");
        try
        {
            // Listed by the manifest, gone from the disk: the framework alone answered an empty 200 here.
            using var listed = await client.GetAsync(route);
            Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
            using var anonymous = await new HttpClient { BaseAddress = App.BaseUrl }.GetAsync(route);
            Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        }
        finally
        {
            File.Move(publishedCss + ".away", publishedCss);
        }
        // Never listed anywhere.
        using var unknown = await client.GetAsync("/lib/no-such-library/no-such-file.js");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var back = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);

        Assert.Empty(StaticAssetProbe.ErrorLines(App));
        Assert.Contains("is listed by the static assets manifest but missing on disk", App.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Every routable page of the app (its @page directives), with a sample value for a route parameter.</summary>
    private static IEnumerable<string> PageRoutes() =>
        typeof(KisTrader.Web.Hosting.KisTraderHost).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>())
            .Select(r => RouteParameter().Replace(r.Template, "sample"))
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static string? Local(string url, string from)
    {
        if (url.Length == 0 || url.StartsWith('#') || url.Contains(':', StringComparison.Ordinal) || url.StartsWith("//", StringComparison.Ordinal))
            return null;
        var resolved = new Uri(new Uri("http://app" + from), url);
        return resolved.PathAndQuery;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"<a\s[^>]*\bhref=""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex AnchorPattern();

    [GeneratedRegex(@"<(?:link|script|img)\s[^>]*\b(?:href|src)=""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex FilePattern();

    [GeneratedRegex(@"url\(\s*['""]?([^'"")]+)['""]?\s*\)")]
    private static partial Regex CssUrlPattern();
}
