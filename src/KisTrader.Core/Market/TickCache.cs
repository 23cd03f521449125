using System.Collections.Concurrent;

namespace KisTrader.Core.Market;

/// <summary>The latest realtime tick per ticker. Fed from the event bus; read by market analysis, the dashboard
/// and the paper-account ranking fallback (rankings computed from the realtime universe).</summary>
public sealed class TickCache
{
    // One slot per ticker, overwritten in place: a new tick allocates nothing (issue 18 goal 1). A ConcurrentDictionary
    // of the Tick value itself would allocate a node per update (a value larger than a pointer cannot be swapped
    // atomically), and a ~200 B struct written in place can tear, so each slot has its own lock: the writer (one feed)
    // and the occasional reader (analysis, hub, pricing) copy the tick under it. Uncontended, that is a few ns; a seqlock
    // would save them at the price of subtle code, and a snapshot object per update is the allocation removed here.
    private readonly ConcurrentDictionary<string, Slot> _latest = new(StringComparer.Ordinal);

    public void Update(in Tick tick)
    {
        while (true)
        {
            if (!_latest.TryGetValue(tick.Ticker, out var slot))
                slot = _latest.GetOrAdd(tick.Ticker, static _ => new Slot());
            lock (slot.Gate)
            {
                // Removed since it was looked up: write into the slot that replaces it, as AddOrUpdate would have.
                if (slot.Removed)
                    continue;
                // Keep the newest even when ticks arrive out of order across reconnects.
                if (!slot.HasValue || tick.Time >= slot.Tick.Time)
                {
                    slot.Tick = tick;
                    slot.HasValue = true;
                }
                return;
            }
        }
    }

    public bool TryGet(string ticker, out Tick tick)
    {
        if (_latest.TryGetValue(ticker, out var slot))
            lock (slot.Gate)
                if (slot.HasValue && !slot.Removed)
                {
                    tick = slot.Tick;
                    return true;
                }
        tick = default;
        return false;
    }

    /// <summary>Forgets a ticker whose trades are no longer subscribed, so that its last tick is not taken for the market.</summary>
    public void Remove(string ticker)
    {
        if (_latest.TryRemove(ticker, out var slot))
            lock (slot.Gate)
                slot.Removed = true;
    }

    public IReadOnlyCollection<Tick> All
    {
        get
        {
            var all = new List<Tick>(_latest.Count);
            foreach (var (_, slot) in _latest)
                lock (slot.Gate)
                    if (slot.HasValue && !slot.Removed)
                        all.Add(slot.Tick);
            return all;
        }
    }

    private sealed class Slot
    {
        public readonly Lock Gate = new();
        public Tick Tick;
        public bool HasValue;
        public bool Removed;
    }
}
