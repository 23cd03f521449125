using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Web.Backtesting;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Backtesting;

/// <summary>The Backtests page's runner: one at a time, progress with an ETA in order, the result stored, cancel.</summary>
public sealed class BacktestRunsTests
{
    private static readonly BacktestRequest YearEnd = new()
    {
        From = new DateOnly(2025, 12, 22), To = new DateOnly(2026, 1, 7), Engine = BacktestEngineKind.BuyAndHold, InitialCash = 30_000_000m,
    };

    private static async Task<InMemoryMarketHistory> YearEndHistoryAsync()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data", "year_end_2025.csv");
        using var reader = new StreamReader(path);
        var parsed = HistoryCsv.Parse(reader, path, DateTimeOffset.UnixEpoch);
        Assert.True(parsed.Ok, string.Join("; ", parsed.Errors));
        var store = new InMemoryMarketHistory();
        await store.UpsertAsync([.. parsed.Bars]);
        return store;
    }

    /// <summary>Completes when the runner reports an outcome; records every progress seen, in order.</summary>
    private static (Task<BacktestRunOutcome> Done, List<BacktestRunProgress> Seen) Watch(BacktestRuns runs)
    {
        var done = new TaskCompletionSource<BacktestRunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<BacktestRunProgress>();
        runs.Changed += () =>
        {
            if (runs.Progress is { } p) lock (seen) seen.Add(p);
            if (runs.Last is { } last) done.TrySetResult(last);
        };
        return (done.Task, seen);
    }

    [Fact]
    public async Task A_run_reports_each_session_with_an_eta_then_stores_its_report()
    {
        var store = new InMemoryBacktestStore();
        var runs = new BacktestRuns(await YearEndHistoryAsync(), store, TimeProvider.System, NullLogger<BacktestRuns>.Instance);
        var (done, seen) = Watch(runs);

        Assert.True(runs.TryStart(YearEnd, "alice"));
        var outcome = await done.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("done", outcome.Status);
        Assert.False(runs.IsRunning);
        var stored = await store.GetAsync(outcome.Id!);
        Assert.NotNull(stored);
        Assert.Equal(10, stored.Report.Metrics.Sessions);
        var sessions = seen.Where(p => p.Total > 0).ToList();
        Assert.Equal(Enumerable.Range(0, 11), sessions.Select(p => p.Done).Distinct());
        Assert.All(sessions, p => Assert.Equal(10, p.Total));
        Assert.All(sessions.Where(p => p.Done > 0), p => Assert.NotNull(p.Eta));
        Assert.Equal(TimeSpan.Zero, sessions[^1].Eta);
    }

    [Fact]
    public async Task A_second_start_is_refused_while_one_runs_and_cancel_stores_nothing()
    {
        var history = new BlockingHistory();
        var store = new InMemoryBacktestStore();
        var runs = new BacktestRuns(history, store, TimeProvider.System, NullLogger<BacktestRuns>.Instance);
        var (done, _) = Watch(runs);

        Assert.True(runs.TryStart(YearEnd, "alice"));
        await history.Reading.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(runs.IsRunning);
        Assert.False(runs.TryStart(YearEnd, "bob"));

        Assert.True(runs.Cancel());
        var outcome = await done.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(("cancelled", null), (outcome.Status, outcome.Id));
        Assert.Empty(await store.ListAsync());
        Assert.False(runs.Cancel());
        Assert.True(runs.TryStart(YearEnd, "alice"), "a new backtest can start once the cancelled one ended");
        Assert.True(runs.Cancel());
    }

    /// <summary>A history whose reads wait until cancelled: the run is held in its loading step until the test cancels it.</summary>
    private sealed class BlockingHistory : IMarketHistory
    {
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reading => _reading.Task;

        public async Task<IReadOnlyList<HistoryBar>> ReadAsync(HistoryQuery query, CancellationToken ct = default)
        {
            _reading.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        }

        public Task<int> UpsertAsync(IReadOnlyCollection<HistoryBar> bars, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<HistoryCoverage>> CoverageAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<HistoryCoverage>>([]);
        public Task<int> DeleteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task UpsertInstrumentsAsync(IReadOnlyCollection<HistoryInstrument> instruments, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<HistoryInstrument>> InstrumentsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<HistoryInstrument>>([]);
        public Task SaveCollectionAsync(CollectionSummary summary, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<CollectionSummary?> LastCollectionAsync(CancellationToken ct = default) => Task.FromResult<CollectionSummary?>(null);
    }
}
