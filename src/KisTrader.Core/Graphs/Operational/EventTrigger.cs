using KisTrader.Core.Alerts;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>The trigger of an event run: <c>event:&lt;kind&gt;:&lt;ticker&gt;</c>. The trigger is stored with the run and handed
/// to the new state, so it is how the run's scope (one ticker) reaches the nodes without a second channel.</summary>
public static class EventTrigger
{
    public const string Prefix = "event:";

    public static string For(AlertKind kind, string ticker) => $"{Prefix}{kind.ToString().ToLowerInvariant()}:{ticker}";

    /// <summary>The ticker an event run is scoped to, or null for any other trigger (schedule, manual, cli).</summary>
    public static string? TickerOf(string? trigger)
    {
        if (trigger is null || !trigger.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var colon = trigger.LastIndexOf(':');
        var ticker = trigger[(colon + 1)..];
        return colon >= Prefix.Length && ticker.Length > 0 ? ticker : null;
    }
}
