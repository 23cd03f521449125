using KisTrader.Core.Market;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KisTrader.Web.Live;

/// <summary>Pushes realtime ticks to browsers, grouped by ticker. Signed-in users only (the fallback policy applies too).</summary>
[Authorize]
public sealed class MarketHub(TickCache ticks) : Hub
{
    internal const int MaxTickersPerCall = 40;

    public static string GroupOf(string ticker) => "tick:" + ticker;

    /// <summary>Joins the tickers' groups and returns their latest ticks so the chart starts current.</summary>
    public async Task<IReadOnlyList<TickMessage>> Watch(string[] tickers)
    {
        var valid = Validate(tickers);
        foreach (var t in valid)
            await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(t));
        return valid.Select(t => ticks.TryGet(t, out var tick) ? TickMessage.From(tick) : null).OfType<TickMessage>().ToList();
    }

    public async Task Unwatch(string[] tickers)
    {
        foreach (var t in Validate(tickers))
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(t));
    }

    private static IReadOnlyList<string> Validate(string[]? tickers)
    {
        if (tickers is null || tickers.Length is 0 or > MaxTickersPerCall)
            throw new HubException($"Give between 1 and {MaxTickersPerCall} tickers.");
        foreach (var t in tickers)
        {
            if (t is null || t.Length is < 6 or > 7 || !t.All(char.IsAsciiLetterOrDigit))
                throw new HubException("A ticker is a 6-character KRX code.");
        }
        return tickers.Distinct(StringComparer.Ordinal).ToList();
    }
}
