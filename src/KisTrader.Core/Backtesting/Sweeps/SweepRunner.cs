namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>Runs one backtest (in the product: <see cref="BacktestEngine.RunAsync"/> over bars loaded once). Must be safe
/// to call concurrently and deterministic: the sweep's result must not depend on which run finishes first.</summary>
public delegate Task<BacktestReport> BacktestRun(BacktestRequest request, CancellationToken ct);

/// <summary>How far a sweep has got, in backtests.</summary>
public sealed record SweepProgress(int Done, int Total);

/// <summary>
/// A parameter sweep over walk-forward windows: every set is backtested on every window's train period and test period,
/// at most <c>maxParallelism</c> backtests at a time (each is independent: its own clock, broker and stores over shared
/// read-only bars). Results land in slots numbered before anything runs, and the choices are made afterwards in one
/// thread, so parallel and sequential runs give the same report. Per window the set with the best in-sample score is
/// chosen (ties: the lower grid number) and its test run joins the walk-forward chain; the ranking of the sets uses only
/// their test runs.
/// </summary>
public sealed class SweepRunner(BacktestRun run, int maxParallelism)
{
    private readonly int _parallelism = maxParallelism >= 1 ? maxParallelism
        : throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, "At least one backtest at a time.");

    public async Task<SweepReport> RunAsync(BacktestRequest baseline, ParameterGrid grid, IReadOnlyList<WalkForwardWindow> windows,
        SweepObjective objective, string split, IProgress<SweepProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0) throw new ArgumentException("A sweep needs at least one window.", nameof(windows));
        var sets = grid.Sets;
        // Slot (w, s, test?) = (w * sets + s) * 2 + (test ? 1 : 0).
        var slots = new BacktestReport?[windows.Count * sets.Count * 2];
        var done = 0;
        progress?.Report(new SweepProgress(0, slots.Length));
        await Parallel.ForEachAsync(Enumerable.Range(0, slots.Length),
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct },
            async (slot, token) =>
            {
                var window = windows[slot / 2 / sets.Count];
                var set = sets[slot / 2 % sets.Count];
                var test = slot % 2 == 1;
                var request = baseline with
                {
                    From = test ? window.TestFrom : window.TrainFrom,
                    To = test ? window.TestTo : window.TrainTo,
                    RulesOptions = RulesParameters.Apply(baseline.RulesOptions, set.Values),
                };
                var report = await run(request, token).ConfigureAwait(false);
                // A test run keeps what the chain needs; a train run only its metrics.
                slots[slot] = test ? report with { Orders = [], Contributions = [], MonthlyReturns = [] }
                    : report with { Orders = [], Fills = [], Equity = [], Contributions = [], MonthlyReturns = [] };
                progress?.Report(new SweepProgress(Interlocked.Increment(ref done), slots.Length));
            }).ConfigureAwait(false);

        BacktestReport At(int w, int s, bool test) => slots[((w * sets.Count) + s) * 2 + (test ? 1 : 0)]!;
        static OutOfSampleChain.Run Chained(BacktestReport r) => new(r.Equity, r.Fills, r.Metrics);

        var windowResults = new List<SweepWindowResult>();
        var chosenRuns = new List<OutOfSampleChain.Run>();
        var timesChosen = new int[sets.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            var scores = sets.Select(s => new SetScore(s.Index, objective.Score(At(w, s.Index, false).Metrics), objective.Score(At(w, s.Index, true).Metrics))).ToList();
            // The choice sees only the train period's score: the test period is still the future.
            var best = scores.OrderByDescending(x => x.InSample).ThenBy(x => x.Set).First().Set;
            timesChosen[best]++;
            var win = windows[w];
            windowResults.Add(new SweepWindowResult(win.Number, win.TrainFrom, win.TrainTo, win.TestFrom, win.TestTo, best, sets[best].Label,
                At(w, best, false).Metrics, At(w, best, true).Metrics, scores));
            chosenRuns.Add(Chained(At(w, best, true)));
        }

        var ranking = sets
            .Select(s =>
            {
                var chain = OutOfSampleChain.Combine(baseline.InitialCash, [.. Enumerable.Range(0, windows.Count).Select(w => Chained(At(w, s.Index, true)))], baseline.RiskFreeRate);
                var meanIn = Enumerable.Range(0, windows.Count).Average(w => objective.Score(At(w, s.Index, false).Metrics));
                return (Set: s, Chain: chain, Score: objective.Score(chain), MeanIn: meanIn);
            })
            .OrderByDescending(x => x.Score).ThenBy(x => x.Set.Index)
            .Select((x, i) => new SweepRank(i + 1, x.Set.Index, x.Set.Label, x.Set.Values, x.Score, x.MeanIn, timesChosen[x.Set.Index], x.Chain))
            .ToList();

        var first = At(0, 0, false);
        var summary = new SweepSummary(windows[0].TrainFrom, windows[^1].TestTo, split, objective.Name(), sets.Count, slots.Length,
            first.Request with { From = windows[0].TrainFrom, To = windows[^1].TestTo });
        return new SweepReport(summary, first.Data, grid.Axes, windowResults,
            OutOfSampleChain.Combine(baseline.InitialCash, chosenRuns, baseline.RiskFreeRate), ranking);
    }
}
