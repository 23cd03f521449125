using KisTrader.Core.Events;

namespace KisTrader.Web.Live;

/// <summary>The recent realtime-feed state changes, newest first, so a reconnect shows up on the System page
/// even when it lasted less than a refresh.</summary>
public sealed class FeedHistory
{
    private const int Capacity = 50;
    private readonly object _gate = new();
    private readonly LinkedList<FeedStateChanged> _changes = new();

    public void Add(FeedStateChanged change)
    {
        lock (_gate)
        {
            _changes.AddFirst(change);
            while (_changes.Count > Capacity)
                _changes.RemoveLast();
        }
    }

    public IReadOnlyList<FeedStateChanged> Recent
    {
        get
        {
            lock (_gate)
                return _changes.ToList();
        }
    }
}
