namespace KisTrader.Web.Background;

/// <summary>
/// The slot of a long job the pages start and watch (a history collection, a backtest): one at a time per process (a
/// second start while one runs is refused, not queued: each takes the machine's core, two at once would only halve each
/// other), with the running job's progress and the last outcome for the pages, and one event when either changes.
/// </summary>
public sealed class OneAtATime<TProgress, TOutcome> where TProgress : class where TOutcome : class
{
    private readonly Lock _lock = new();
    private TProgress? _progress;
    private TOutcome? _last;

    public bool IsRunning => Progress is not null;

    /// <summary>The running job's progress; null when none runs.</summary>
    public TProgress? Progress { get { lock (_lock) return _progress; } }

    /// <summary>How the last finished job in this process ended; null before the first.</summary>
    public TOutcome? Last { get { lock (_lock) return _last; } }

    /// <summary>Raised (on the job's thread) when the progress moves and when a job begins or ends.</summary>
    public event Action? Changed;

    /// <summary>Takes the slot with the job's first progress; false when a job already runs.</summary>
    public bool TryBegin(TProgress first)
    {
        lock (_lock)
        {
            if (_progress is not null) return false;
            _progress = first;
        }
        Changed?.Invoke();
        return true;
    }

    /// <summary>The running job moved on (ignored once it has ended).</summary>
    public void Report(TProgress progress)
    {
        lock (_lock)
        {
            if (_progress is null) return;
            _progress = progress;
        }
        Changed?.Invoke();
    }

    /// <summary>Frees the slot; <paramref name="outcome"/> becomes <see cref="Last"/> unless null (a job that threw keeps
    /// the previous one).</summary>
    public void End(TOutcome? outcome)
    {
        lock (_lock)
        {
            if (outcome is not null) _last = outcome;
            _progress = null;
        }
        Changed?.Invoke();
    }
}
