using KisTrader.Core.Graphs.Operational;

namespace KisTrader.Core.Alerts;

/// <summary>Whether an alert starts an event run (Trading:EventRuns): only a surge, plunge or volume spike on a watched
/// ticker, at most once per ticker per <c>perTickerCooldown</c>. A claimed turn that did not start a run (a run was in
/// progress) is given back with <see cref="Release"/>, so the next signal may try. Outside the regular session
/// (<paramref name="isSessionOpen"/>; null: always open) a signal starts nothing: after-hours prints are not a reason to
/// trade, and the schedule does not run then either.</summary>
public sealed class EventRunPolicy(bool enabled, IReadOnlyCollection<string> watchlist, TimeSpan perTickerCooldown, TimeProvider time,
    Func<DateTimeOffset, bool>? isSessionOpen = null)
{
    private readonly HashSet<string> _watched = new(watchlist, StringComparer.Ordinal);
    private readonly Cooldowns<string> _turns = new(perTickerCooldown, time);

    public bool Enabled => enabled;

    /// <summary>The trigger to start a run with, or null and why not. A non-null trigger claims the ticker's turn.</summary>
    public (string? Trigger, string Reason) TryClaim(Alert alert)
    {
        if (!enabled) return (null, "event runs are off (Trading:EventRuns)");
        if (alert.Ticker is not { } ticker) return (null, $"{alert.Kind} alerts do not start runs");
        if (!_watched.Contains(ticker)) return (null, $"{ticker} is not on the watchlist");
        var now = time.GetUtcNow();
        if (isSessionOpen is not null && !isSessionOpen(now)) return (null, "the KRX session is closed");
        if (!_turns.TryEnter(ticker, out var since))
            return (null, $"an event run for {ticker} started {since.TotalMinutes:0.#} min ago (at most one per {perTickerCooldown.TotalMinutes:0.#} min)");
        return (EventTrigger.For(alert.Kind, ticker), "claimed");
    }

    /// <summary>Gives a claimed turn back (the run was skipped, so nothing ran for the ticker).</summary>
    public void Release(string ticker) => _turns.Release(ticker);
}
