using System.Collections.Concurrent;

namespace KisTrader.Core.Market;

/// <summary>The latest realtime tick per ticker. Fed from the event bus; read by market analysis, the dashboard
/// and the paper-account ranking fallback (rankings computed from the realtime universe).</summary>
public sealed class TickCache
{
    private readonly ConcurrentDictionary<string, Tick> _latest = new(StringComparer.Ordinal);

    public void Update(Tick tick)
    {
        // Keep the newest even when ticks arrive out of order across reconnects. Static lambdas with the tick as their
        // argument: no closure per tick (the live feed's hot path, issue 18 goal 1).
        _latest.AddOrUpdate(tick.Ticker, static (_, t) => t, static (_, old, t) => t.Time >= old.Time ? t : old, tick);
    }

    public bool TryGet(string ticker, out Tick tick) => _latest.TryGetValue(ticker, out tick!);

    /// <summary>Forgets a ticker whose trades are no longer subscribed, so that its last tick is not taken for the market.</summary>
    public void Remove(string ticker) => _latest.TryRemove(ticker, out _);

    public IReadOnlyCollection<Tick> All => _latest.Values.ToList();
}
