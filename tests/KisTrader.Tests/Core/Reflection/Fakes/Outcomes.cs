using System.Text.Json;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Reflection.Fakes;

internal static class Outcomes
{
    public static RuleFeatures Features(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return RuleFeatures.FromJson(doc.RootElement);
    }

    public static TradeOutcome Of(string id, string side, decimal pnl, decimal returnPct, string features) =>
        new(id, "005930", side, new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero), pnl, returnPct, TradeOutcomes.RoundTrip,
            Features(features));

    public static TradeOutcome Buy(string id, decimal rsi, decimal returnPct, decimal? pnl = null) =>
        Of(id, "BUY", pnl ?? returnPct * 1_000m, returnPct, $$"""{"side":"BUY","rsi14":{{rsi}},"hour_kst":10}""");
}
