using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Decisions;
using KisTrader.Core.Decisions.Caching;
using KisTrader.Web.Background;
using KisTrader.Web.Cli;

namespace KisTrader.Web.Backtesting;

/// <summary>What the page's backtests take from the configuration: the risk limits, the rules engine's options and the
/// watchlist (the same as the <c>backtest</c> command), and whether the model is configured (the LLM engine's fetch mode
/// needs it).</summary>
public sealed record BacktestDefaults(RiskLimits Limits, RulesEngineOptions Rules, IReadOnlyList<string> Watchlist, bool LlmConfigured = false);

/// <summary>A running backtest: sessions done of the total, how long it has run and, once a session is done, the time
/// left at the rate so far.</summary>
public sealed record BacktestRunProgress(int Done, int Total, DateOnly? Session, TimeSpan Elapsed, TimeSpan? Eta);

/// <summary>How the last backtest in this process ended: "done" (stored as <see cref="Id"/>), "cancelled" or "failed".</summary>
public sealed record BacktestRunOutcome(string Status, string? Id, string Message, DateTimeOffset FinishedAt);

/// <summary>
/// The Backtests page's runner: one backtest at a time per process (a second start while one runs is refused, not
/// queued: a backtest takes the machine's core, and two at once would only halve each other), in the background so it
/// outlives the page that started it, with live progress and ETA, cancel, and the result stored in
/// <see cref="IBacktestStore"/>.
/// </summary>
public sealed class BacktestRuns(IMarketHistory history, IBacktestStore store, TimeProvider time, ILogger<BacktestRuns> logger)
{
    private readonly OneAtATime<BacktestRunProgress, BacktestRunOutcome> _slot = new();
    private readonly Lock _lock = new();
    private CancellationTokenSource? _cancel;

    public bool IsRunning => _slot.IsRunning;

    /// <summary>The running backtest's progress; null when none runs.</summary>
    public BacktestRunProgress? Progress => _slot.Progress;

    /// <summary>The last finished backtest in this process; null before the first.</summary>
    public BacktestRunOutcome? Last => _slot.Last;

    /// <summary>Raised (on the running thread) when the progress moves and when a backtest begins or ends.</summary>
    public event Action? Changed
    {
        add => _slot.Changed += value;
        remove => _slot.Changed -= value;
    }

    /// <summary>Starts <paramref name="request"/> in the background; false when a backtest is already running.
    /// <paramref name="llm"/>: the LLM engine's model behind the response cache (see <see cref="BacktestInputs"/>).</summary>
    public bool TryStart(BacktestRequest request, string startedBy, CachingLlmClient? llm = null)
    {
        // The cancel source is in place before the slot is taken: a Cancel right after the start finds it.
        var cancel = new CancellationTokenSource();
        lock (_lock)
        {
            if (_slot.IsRunning)
            {
                cancel.Dispose();
                return false;
            }
            _cancel = cancel;
            _slot.TryBegin(new BacktestRunProgress(0, 0, null, TimeSpan.Zero, null));
        }
        logger.LogInformation("Backtest ({Engine}, {From} to {To}) started by {User}", request.Engine, request.From, request.To, startedBy);
        _ = Task.Run(() => RunAsync(request, llm, cancel));
        return true;
    }

    /// <summary>Asks the running backtest to stop (nothing is stored); false when none runs.</summary>
    public bool Cancel()
    {
        lock (_lock)
        {
            if (_cancel is null) return false;
            _cancel.Cancel();
            return true;
        }
    }

    private async Task RunAsync(BacktestRequest request, CachingLlmClient? llm, CancellationTokenSource cancel)
    {
        var started = time.GetTimestamp();
        BacktestRunOutcome outcome;
        try
        {
            var bars = await BacktestBars.LoadAsync(history, request, ct: cancel.Token);
            var progress = new RunProgress(this, time, started);
            var report = await new BacktestEngine(llm).RunAsync(request, bars, progress, cancel.Token);
            if (llm is not null) report = report with { LlmCacheMisses = llm.Counters.MissesRefused };
            var stored = new StoredBacktest(Guid.NewGuid().ToString("N"), time.GetUtcNow(), BacktestCommand.CodeVersion(), report);
            await store.SaveAsync(stored, CancellationToken.None);
            outcome = new("done", stored.Id, $"{report.Metrics.Sessions} sessions, {report.Orders.Count} orders, total return {report.Metrics.TotalReturn:0.00%}"
                + (llm is null ? "" : "; " + BacktestLlm.Describe(llm.Counters)), time.GetUtcNow());
            logger.LogInformation("Backtest {Id} done in {Elapsed}", stored.Id, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = new("cancelled", null, "Cancelled; nothing was stored.", time.GetUtcNow());
        }
        catch (BacktestInputException ex)
        {
            outcome = new("failed", null, ex.Message, time.GetUtcNow());
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Backtest failed");
            outcome = new("failed", null, "The backtest failed: " + ex.Message, time.GetUtcNow());
        }
        lock (_lock) _cancel = null;
        cancel.Dispose();
        _slot.End(outcome);
    }

    /// <summary>Reports on the engine's thread, in order, at most once per percent of the sessions (a long run would
    /// otherwise push thousands of renders).</summary>
    private sealed class RunProgress(BacktestRuns runs, TimeProvider time, long started) : IProgress<BacktestProgress>
    {
        private int _lastPercent = -1;

        public void Report(BacktestProgress p)
        {
            var percent = p.SessionsTotal == 0 ? 0 : p.SessionsDone * 100 / p.SessionsTotal;
            if (percent == _lastPercent) return;
            _lastPercent = percent;
            var elapsed = time.GetElapsedTime(started);
            TimeSpan? eta = p.SessionsDone > 0 && p.SessionsTotal > 0
                ? TimeSpan.FromTicks(elapsed.Ticks / p.SessionsDone * (p.SessionsTotal - p.SessionsDone))
                : null;
            runs._slot.Report(new BacktestRunProgress(p.SessionsDone, p.SessionsTotal, p.Session, elapsed, eta));
        }
    }
}
