using System.Collections.Concurrent;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Backtesting.Sweeps;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;

namespace KisTrader.Tests.Backtesting.Sweeps;

/// <summary>The sweep runner: choices on train periods, ranking on test periods only, parallel equal to sequential.</summary>
public sealed class SweepRunnerTests
{
    private static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
        DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
    };

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>A report whose equity moves by <paramref name="daily"/> each weekday of the request's period.</summary>
    private static BacktestReport Synthetic(BacktestRequest r, Func<DateOnly, double> daily)
    {
        var equity = new List<EquityPoint>();
        var e = r.InitialCash;
        for (var d = r.From; d <= r.To; d = d.AddDays(1))
        {
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            e = Math.Round(e * (1m + (decimal)daily(d)), 0);
            equity.Add(new EquityPoint(d, e, 0m));
        }
        var metrics = BacktestMetrics.Compute(r.InitialCash, equity, []);
        return new BacktestReport(
            new BacktestRequestSummary(r.From, r.To, ["005930"], "rules", "day", r.InitialCash, "Open", 1, 0.05m, 0.05m, 0.00015m, null, []),
            new BacktestDataRange(D(2020, 1, 1), D(2024, 12, 31), 1, new string('a', 64)), metrics, metrics, null, "none", 0, 0, [], [],
            [.. equity.Select(p => new DailyEquity(p.Date, p.Equity, 0m, 0d, p.Equity, null))], [], []);
    }

    /// <summary>Set "TakeProfitPercent=8" shines on every train period and loses on every test period; "=12" the reverse
    /// (the fake tells them apart by the test periods' dates).</summary>
    private static BacktestRun Overfitted(IReadOnlyList<WalkForwardWindow> windows, ConcurrentBag<BacktestRequest> seen) => (request, _) =>
    {
        seen.Add(request);
        var isTest = windows.Any(w => w.TestFrom == request.From && w.TestTo == request.To);
        var fits = request.RulesOptions.TakeProfitPercent == 8m;
        var good = isTest ? !fits : fits;
        return Task.FromResult(Synthetic(request, d => (good ? 0.002 : -0.001) + (d.Day % 3 - 1) * 0.001));
    };

    private static BacktestRequest Baseline => new() { From = D(2020, 1, 1), To = D(2020, 12, 31), RiskLimits = Limits };

    [Fact]
    public async Task TheChoiceUsesTrainPeriods_TheRankingOnlyTestPeriods()
    {
        var windows = WalkForward.Rolling(D(2020, 1, 1), D(2020, 12, 31), PeriodLength.Parse("6m"), PeriodLength.Parse("2m"));
        var seen = new ConcurrentBag<BacktestRequest>();
        var grid = ParameterGrid.Parse("TakeProfitPercent=8,12");

        var report = await new SweepRunner(Overfitted(windows, seen), 2).RunAsync(Baseline, grid, windows, SweepObjective.Sharpe, "6m/2m");

        Assert.Equal(3, report.Windows.Count);
        // Every window chooses the in-sample star, and its out-of-sample result is the loss.
        Assert.All(report.Windows, w =>
        {
            Assert.Equal("TakeProfitPercent=8", w.ChosenLabel);
            Assert.True(w.InSample.TotalReturn > 0 && w.OutOfSample.TotalReturn < 0);
        });
        Assert.True(report.WalkForward.TotalReturn < 0);
        // The ranking ignores the in-sample scores: the set that fails in-sample but holds up out of sample is first.
        Assert.Equal(["TakeProfitPercent=12", "TakeProfitPercent=8"], report.Ranking.Select(r => r.Label));
        Assert.True(report.Ranking[0].MeanInSampleScore < report.Ranking[1].MeanInSampleScore);
        Assert.Equal((0, 3), (report.Ranking[0].TimesChosen, report.Ranking[1].TimesChosen));
        Assert.Equal(3 * 2 * 2, seen.Count);
        Assert.Equal(12, report.Summary.Backtests);
    }

    [Fact]
    public async Task TheChainedOutOfSampleResult_CompoundsTheTestPeriods()
    {
        var windows = WalkForward.Rolling(D(2020, 1, 1), D(2020, 12, 31), PeriodLength.Parse("3m"), PeriodLength.Parse("3m"));
        var report = await new SweepRunner(Overfitted(windows, []), 1).RunAsync(Baseline, ParameterGrid.Parse("TakeProfitPercent=12"), windows, SweepObjective.Return, "3m/3m");

        var product = report.Windows.Aggregate(1d, (a, w) => a * (1 + w.OutOfSample.TotalReturn)) - 1;
        Assert.Equal(product, report.WalkForward.TotalReturn, 6);
        Assert.Equal(report.Windows.Sum(w => w.OutOfSample.Sessions), report.WalkForward.Sessions);
        Assert.Equal(report.WalkForward, report.Ranking.Single().OutOfSample);
    }

    /// <summary>Bars for 2026-01-05 on, 300 sessions of the trending walks, as store rows.</summary>
    private static (BacktestBars Bars, List<DateOnly> Dates) RealBars()
    {
        var bars = OperationalGraphOverHistoryTests.Bars(new KrxCalendar(), 300);
        var rows = bars.SelectMany(kv => kv.Value.Select(b =>
            HistoryBar.Daily(kv.Key, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "test", DateTimeOffset.UnixEpoch))).ToList();
        var dates = bars["005930"].Select(b => b.Date).ToList();
        var all = new BacktestRequest { From = dates[70], To = dates[^1], RiskLimits = Limits };
        return (BacktestBars.FromRows(rows, all), dates);
    }

    [Fact]
    public async Task WithTheRealEngine_ParallelAndSequentialGiveTheSameBytes_AndNoTrainRunSeesATestDay()
    {
        var (bars, dates) = RealBars();
        var baseline = new BacktestRequest { From = dates[70], To = dates[^1], RiskLimits = Limits, InitialCash = 100_000_000m };
        var windows = WalkForward.Rolling(baseline.From, baseline.To, PeriodLength.Parse("3m"), PeriodLength.Parse("2m"));
        var grid = ParameterGrid.Parse("MomentumMinChangePercent=0.5,2;TakeProfitPercent=5,10");
        var trainDays = new ConcurrentBag<(DateOnly From, DateOnly Last)>();
        BacktestRun run = async (request, ct) =>
        {
            var report = await new BacktestEngine().RunAsync(request, bars, null, ct);
            if (windows.Any(w => w.TrainFrom == request.From && w.TrainTo == request.To)) trainDays.Add((request.From, report.Equity[^1].Date));
            return report;
        };

        var sequential = await new SweepRunner(run, 1).RunAsync(baseline, grid, windows, SweepObjective.Sharpe, "3m/2m");
        var parallel = await new SweepRunner(run, 4).RunAsync(baseline, grid, windows, SweepObjective.Sharpe, "3m/2m");

        Assert.Equal(SweepJson.SerializeToUtf8Bytes(sequential), SweepJson.SerializeToUtf8Bytes(parallel));
        Assert.True(windows.Count >= 2, $"{windows.Count} windows");
        Assert.Equal(4, sequential.Ranking.Count);
        // The engine traded, and the sets differ: otherwise the test proves nothing.
        Assert.True(sequential.Ranking.Select(r => r.OutOfSample.EndingEquity).Distinct().Count() > 1);
        Assert.All(trainDays, t => Assert.True(t.Last < windows.First(w => w.TrainFrom == t.From).TestFrom, $"train run from {t.From} marked {t.Last}"));
        Assert.Equal(windows.Count * 4, trainDays.Count / 2);
        Assert.Equal(bars.Range, sequential.Data);
        // Round trip through the JSON form.
        Assert.Equal(SweepJson.SerializeToUtf8Bytes(sequential), SweepJson.SerializeToUtf8Bytes(SweepJson.Deserialize(System.Text.Encoding.UTF8.GetString(SweepJson.SerializeToUtf8Bytes(sequential)))));
    }
}
