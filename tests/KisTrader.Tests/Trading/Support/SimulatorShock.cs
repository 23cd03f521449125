using System.Net.Http.Json;
using System.Text;
using KisTrader.Core.Market;
using KisTrader.Web.Broker;

namespace KisTrader.Tests.Trading.Support;

/// <summary>Stages the built-in simulator's market over real HTTP (POST /sim/control/shock) and waits until the move has
/// reached the app's realtime cache, which the analysis reads: tests stage the move a rule needs instead of waiting for
/// the seeded market to drift into it.</summary>
internal static class SimulatorShock
{
    /// <summary>Moves <paramref name="code"/> by <paramref name="percent"/>% from its last price; returns the new price.</summary>
    public static async Task<decimal> ShockAsync(TradingApp app, string code, decimal percent)
    {
        using var sim = new HttpClient { BaseAddress = app.Get<BrokerRuntime>().Simulator!.BaseUrl };
        var before = await app.PriceAsync(code);
        var answer = await sim.PostAsync("/sim/control/shock",
            new StringContent($"{{\"code\":\"{code}\",\"percent\":{percent}}}", Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        var target = (await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("price").GetDecimal();
        var cache = app.Get<TickCache>();
        await Poll.UntilAsync(() => Task.FromResult(cache.TryGet(code, out var t) && Math.Abs(t.Price - target) <= Math.Abs(target - before) * 0.2m),
            TimeSpan.FromSeconds(10), $"the {percent}% shock of {code} to reach the feed");
        return target;
    }

    /// <summary>The shock that takes a ticker from <paramref name="today"/>% to <paramref name="target"/>% on the day, within
    /// the simulator's ±30% bound.</summary>
    public static decimal To(decimal target, decimal today) =>
        Math.Clamp(Math.Round(((1m + target / 100m) / (1m + today / 100m) - 1m) * 100m, 2), -29.5m, 29.5m);
}
