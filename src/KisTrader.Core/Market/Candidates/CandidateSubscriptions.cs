using KisTrader.Core.Errors;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Market.Candidates;

/// <summary>
/// Realtime trade subscriptions for candidates, within what the session's budget leaves. The budget is
/// <see cref="CandidateOptions.RealtimeSlots"/> minus <see cref="CandidateOptions.ReservedRealtimeSlots"/> (for the
/// order books pages open) minus the order books subscribed now minus every other trade subscription, the watchlist and
/// the holdings (counted even when not subscribed: they come first). Candidates take the free slots in the order given
/// (best first); a candidate that is dropped or no longer fits is unsubscribed, but one that is now held keeps its
/// subscription (it is a holding), until it is neither held nor a candidate.
/// A candidate without a subscription is priced by REST in the analysis: its cached tick, if it ever had one, is removed,
/// so that an old tick is never read as the market (it would make the whole analysis stale).
/// </summary>
public sealed class CandidateSubscriptions(IRealtimeFeed feed, TickCache ticks, CandidateOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _owned = new(StringComparer.Ordinal);

    /// <summary>Candidate tickers this holds a trade subscription for (held ex-candidates included).</summary>
    public IReadOnlyCollection<string> Owned
    {
        get
        {
            lock (_owned) return [.. _owned];
        }
    }

    /// <summary>Subscribes what fits of <paramref name="candidates"/> (best first), unsubscribes the rest of what this
    /// holds, and answers which candidates have a subscription and how many slots candidates had.</summary>
    /// <param name="universe">The watchlist and holdings (of a full run).</param>
    /// <param name="holdings">The tickers held now.</param>
    public async Task<(IReadOnlySet<string> Subscribed, int Slots, string? Problem)> UpdateAsync(IReadOnlyList<string> candidates,
        IReadOnlyCollection<string> universe, IReadOnlyCollection<string> holdings, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var owned = new HashSet<string>(Owned, StringComparer.Ordinal);
            var held = new HashSet<string>(holdings, StringComparer.Ordinal);
            var inUniverse = new HashSet<string>(universe, StringComparer.Ordinal);
            var trades = feed.TradeSubscriptions.ToHashSet(StringComparer.Ordinal);
            // Everything that is not a (non-held) candidate of ours: other trade subscriptions, the watchlist, the holdings.
            var others = new HashSet<string>(trades.Where(t => !owned.Contains(t) || held.Contains(t)), StringComparer.Ordinal);
            others.UnionWith(inUniverse);
            var slots = Math.Max(0, options.RealtimeSlots - options.ReservedRealtimeSlots - feed.OrderBookSubscriptions.Count - others.Count);
            var wanted = candidates.Where(c => !inUniverse.Contains(c)).Distinct(StringComparer.Ordinal).Take(slots).ToHashSet(StringComparer.Ordinal);

            var drop = owned.Where(t => !wanted.Contains(t) && !held.Contains(t)).ToList();
            if (drop.Count > 0)
            {
                await feed.UnsubscribeTradesAsync(drop, ct).ConfigureAwait(false);
                lock (_owned) _owned.ExceptWith(drop);
            }

            string? problem = null;
            var add = wanted.Where(t => !trades.Contains(t)).ToList();
            if (add.Count > 0)
            {
                try
                {
                    await feed.SubscribeTradesAsync(add, ct).ConfigureAwait(false);
                }
                catch (TradingSystemException ex)
                {
                    // The session refused (its limit is shared with subscriptions made since we counted): nothing was added.
                    problem = ex.Message;
                    wanted.ExceptWith(add);
                }
            }
            lock (_owned) _owned.UnionWith(wanted.Where(t => !trades.Contains(t) || owned.Contains(t)));

            var now = feed.TradeSubscriptions.ToHashSet(StringComparer.Ordinal);
            foreach (var t in candidates.Concat(drop).Where(t => !now.Contains(t)))
                ticks.Remove(t);
            return (wanted, slots, problem);
        }
        finally
        {
            _gate.Release();
        }
    }
}
