using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Benchmarks;

/// <summary>The real app composed in this process by <see cref="KisTraderHost.BuildAsync"/> (the composition of the web
/// server and the CLI), started on 127.0.0.1:0 with its database and logs in a temporary directory, the schedule off
/// unless the settings turn it on. Returns once the realtime feed is connected.</summary>
public sealed class ComposedApp : IAsyncDisposable
{
    private ComposedApp(WebApplication app, string dir)
    {
        App = app;
        Directory = dir;
    }

    public WebApplication App { get; }
    public string Directory { get; }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<ComposedApp> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-bench-app-" + Guid.NewGuid().ToString("N")[..8]);
        var overrides = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = Path.Combine(dir, "data"),
            ["Logs:Directory"] = Path.Combine(dir, "logs"),
            ["Logs:MinimumLevel"] = "Warning",
            ["urls"] = "http://127.0.0.1:0",
            ["Simulator:Port"] = "0",
            ["Admin:Password"] = "Bench-Admin-Password-1",
            ["Trading:ScheduleEnabled"] = "false",
            ["Trading:ApprovalMode"] = "Off",
            ["Database:JobStorage"] = "InMemory",
        };
        foreach (var (k, v) in settings) overrides[k] = v;
        var (app, _, _, exit) = await KisTraderHost.BuildAsync([], overrides, TextWriter.Null);
        if (app is null) throw new InvalidOperationException($"The app did not build (exit code {exit}).");
        try
        {
            await app.StartAsync();
            var composed = new ComposedApp(app, dir);
            var feed = composed.Get<IRealtimeFeed>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (feed.State != FeedState.Connected)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The realtime feed did not connect within 30 s.");
                await Task.Delay(50);
            }
            return composed;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
        }
        finally
        {
            await App.DisposeAsync();
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
