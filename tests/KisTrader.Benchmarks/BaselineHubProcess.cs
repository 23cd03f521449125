using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>Starts <see cref="BaselineHubServer"/> as its own process (this assembly, like the cold-start baseline), so
/// its CPU is read from /proc like the app's.</summary>
public static class BaselineHubProcess
{
    /// <summary>The app's copy of the SignalR browser client (the build copies it from wwwroot-assets).</summary>
    private static string Script => Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Web", "wwwroot", "lib", "signalr", "signalr.min.js");

    public static Task<(AppProcess Process, Uri BaseUrl)> StartAsync(int tickers, double ratePerSecond) => LiveAppProcess.StartAsync(new Dictionary<string, string>
    {
        [BaselineHubServer.EnvironmentVariable] = "1",
        [BaselineHubServer.TickersVariable] = tickers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [BaselineHubServer.RateVariable] = ratePerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [BaselineHubServer.ScriptVariable] = File.Exists(Script) ? Script : throw new FileNotFoundException("Build KisTrader.Web first.", Script),
    }, appDll: typeof(BaselineHubServer).Assembly.Location);
}
