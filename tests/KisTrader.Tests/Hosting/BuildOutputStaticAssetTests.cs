using KisTrader.Testing;

namespace KisTrader.Tests.Hosting;

/// <summary>Finding 3 of issue 14: the build output started outside Development answered 500 (or an empty 200) for every
/// component-library file and every compressed copy, which live outside wwwroot until publish.</summary>
public sealed class BuildOutputStaticAssetTests
{
    [Fact]
    public async Task The_build_output_in_Production_serves_every_static_asset_its_manifest_lists()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        var endpoints = ManifestEndpoint.Read(AppProcess.AppDll);

        var failures = await StaticAssetProbe.FailuresAsync(app, endpoints);

        Assert.Contains(endpoints, e => e.Route.StartsWith("_content/MudBlazor/", StringComparison.Ordinal) && e.Encoding == "gzip");
        Assert.Contains(endpoints, e => e.Route.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, $"{failures.Count} of {endpoints.Count} static asset endpoints failed:\n" + string.Join("\n", failures.Take(20)));
        Assert.Empty(StaticAssetProbe.ErrorLines(app));
    }
}
