using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>Starts a server process like <see cref="AppProcess.StartAsync"/>, but waits up to five minutes for it to
/// listen: the live-path benchmarks start the app against their own simulator while the machine may be shared and
/// loaded, where the app has been seen to need more than AppProcess's 90 s.</summary>
public static class LiveAppProcess
{
    private const string Listening = "Now listening on: http://";

    public static async Task<(AppProcess Process, Uri BaseUrl)> StartAsync(IDictionary<string, string> env, string? appDll = null)
    {
        var app = AppProcess.Launch(env, appDll: appDll);
        try
        {
            var line = await app.WaitForLineAsync(l => l.Contains(Listening, StringComparison.Ordinal), TimeSpan.FromMinutes(5));
            var url = line[(line.IndexOf(Listening, StringComparison.Ordinal) + "Now listening on: ".Length)..].Trim();
            return (app, new Uri(url.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
