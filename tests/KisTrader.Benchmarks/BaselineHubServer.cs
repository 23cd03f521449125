using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KisTrader.Benchmarks;

/// <summary>The baseline of the live-push benchmarks: a minimal SignalR hub in its own process (started from this
/// assembly like <see cref="BaselineServer"/>) that broadcasts tick messages of the app's shape to one group per ticker
/// at a fixed rate, with nothing behind it (no feed, no bus, no ledger, no Blazor). Each message carries its send time
/// (UTC ticks) in <c>cumulativeVolume</c>, so a client's lag is read on the same clock as the app's. "/" is a page that
/// watches one ticker and writes each message into the DOM (fill-to-dom's baseline: SignalR → DOM and nothing else).</summary>
public static class BaselineHubServer
{
    /// <summary>"1" runs this server instead of the benchmarks.</summary>
    public const string EnvironmentVariable = "KISTRADER_BENCH_BASELINE_HUB";
    /// <summary>How many tickers (groups) get messages, each at <see cref="RateVariable"/> a second.</summary>
    public const string TickersVariable = "KISTRADER_BENCH_HUB_TICKERS";
    public const string RateVariable = "KISTRADER_BENCH_HUB_RATE";
    /// <summary>The SignalR browser client to serve as /signalr.min.js (the app's own copy).</summary>
    public const string ScriptVariable = "KISTRADER_BENCH_HUB_SCRIPT";
    public const string HubPath = "/hubs/baseline";

    public static bool Requested => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>The ticker of group <paramref name="i"/> ("900000", "900001", …: six characters like a KRX code).</summary>
    public static string Ticker(int i) => (900_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(string[] args)
    {
        var tickers = int.Parse(Environment.GetEnvironmentVariable(TickersVariable) ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var rate = double.Parse(Environment.GetEnvironmentVariable(RateVariable) ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSignalR();
        builder.Services.AddHostedService(sp => new Broadcaster(sp.GetRequiredService<IHubContext<BaselineHub>>(), tickers, rate));
        var app = builder.Build();
        app.MapHub<BaselineHub>(HubPath);
        app.MapGet("/signalr.min.js", () => Results.File(Environment.GetEnvironmentVariable(ScriptVariable)!, "text/javascript"));
        app.MapGet("/", () => Results.Content(Page, "text/html"));
        await app.RunAsync();
        return 0;
    }

    public sealed class BaselineHub : Hub
    {
        public async Task Watch(string[] tickers)
        {
            foreach (var t in tickers) await Groups.AddToGroupAsync(Context.ConnectionId, t);
        }
    }

    /// <summary>Sends every group one message per period, all in one burst, as the simulator steps all instruments at once.</summary>
    private sealed class Broadcaster(IHubContext<BaselineHub> hub, int tickers, double rate) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken ct)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / rate));
            var price = 70_000m;
            while (await timer.WaitForNextTickAsync(ct))
            {
                price += 100m;
                for (var i = 0; i < tickers; i++)
                {
                    var now = DateTimeOffset.UtcNow;
                    var message = new { ticker = Ticker(i), time = now, date = now.ToString("yyyy-MM-dd"), price, change = 100m, changeRatePercent = 0.14m,
                        open = 69_900m, high = price, low = 69_800m, cumulativeVolume = now.UtcTicks };
                    await hub.Clients.Group(Ticker(i)).SendAsync("tick", message, ct);
                }
            }
        }
    }

    // Each message's price goes into one element; the page keeps (send time, DOM time) pairs for the benchmark to read.
    private const string Page = """
        <!doctype html><html><head><meta charset="utf-8"><title>baseline</title><script src="/signalr.min.js"></script></head>
        <body><span id="price" data-testid="baseline-price">-</span>
        <script>
        window.__seen = [];
        const price = document.getElementById('price');
        let pending = null;
        new MutationObserver(() => {
          const t = performance.timeOrigin + performance.now();
          if (pending !== null) { window.__seen.push([pending, t]); pending = null; }
        }).observe(price, { childList: true, characterData: true, subtree: true });
        const c = new signalR.HubConnectionBuilder().withUrl('/hubs/baseline').build();
        c.on('tick', m => { pending = m.cumulativeVolume; price.textContent = String(m.price); });
        c.start().then(() => c.invoke('Watch', ['900000'])).then(() => { window.__ready = true; });
        </script></body></html>
        """;
}
