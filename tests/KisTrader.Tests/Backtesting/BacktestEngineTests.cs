using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;

namespace KisTrader.Tests.Backtesting;

/// <summary>The product's backtest runner: the operational graph over stored history, with its report.</summary>
public sealed class BacktestEngineTests
{
    private static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
        DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
    };

    /// <summary>The trending walks of <see cref="OperationalGraphOverHistoryTests"/> as store rows, with a KOSPI index
    /// (the mean of the three closes, in points) when asked.</summary>
    private static (List<HistoryBar> Rows, List<DateOnly> Dates) Rows(bool withIndex)
    {
        var bars = OperationalGraphOverHistoryTests.Bars(new KrxCalendar(), 160);
        var rows = bars.SelectMany(kv => kv.Value.Select(b =>
            HistoryBar.Daily(kv.Key, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "test", DateTimeOffset.UnixEpoch))).ToList();
        var dates = bars["005930"].Select(b => b.Date).ToList();
        if (withIndex)
            foreach (var d in dates)
            {
                var level = Math.Round(bars.Values.Average(list => list.Single(b => b.Date == d).Close) / 100m, 2);
                rows.Add(HistoryBar.Daily(MarketIndexes.Kospi, d, level, level, level, level, 0, 0m, "test", DateTimeOffset.UnixEpoch));
            }
        return (rows, dates);
    }

    private static BacktestRequest Request(List<DateOnly> dates, BacktestEngineKind engine = BacktestEngineKind.Rules) => new()
    {
        From = dates[70], To = dates[^1], Engine = engine, InitialCash = 100_000_000m, RiskLimits = Limits,
        Slippage = new SlippageModel(1, 0.05m, 0.05m),
    };

    private static Task<BacktestReport> RunAsync(bool withIndex = false, IProgress<BacktestProgress>? progress = null, CancellationToken ct = default)
    {
        var (rows, dates) = Rows(withIndex);
        var request = Request(dates);
        return new BacktestEngine().RunAsync(request, BacktestBars.FromRows(rows, request), progress, ct);
    }

    [Fact]
    public async Task TheRulesEngine_TradesOverStoredHistory_AndReportsOrdersFillsAndBenchmarks()
    {
        var report = await RunAsync(withIndex: true);

        Assert.Equal(90, report.Equity.Count);
        Assert.Equal(90, report.Decisions);
        Assert.Equal(0, report.NoDecisions);
        Assert.NotEmpty(report.Fills);
        Assert.True(report.Metrics.RoundTrips > 0 && report.Metrics.Commission > 0 && report.Metrics.Tax > 0);
        // Every order carries the engine's justification, and its fills are the broker's.
        Assert.NotEmpty(report.Orders);
        Assert.All(report.Orders, o => Assert.False(string.IsNullOrWhiteSpace(o.Justification), $"order {o.Number} has no justification"));
        foreach (var o in report.Orders.Where(o => o.BrokerOrderNo is not null))
            Assert.Equal(report.Fills.Where(f => f.OrderNo == o.BrokerOrderNo).Sum(f => f.Quantity), o.FilledQuantity);
        Assert.Equal(Enumerable.Range(1, report.Orders.Count), report.Orders.Select(o => o.Number));
        // The benchmarks ran over the same sessions.
        Assert.Equal(90, report.BuyAndHold.Sessions);
        Assert.NotNull(report.Index);
        Assert.Equal(90, report.Index.Sessions);
        Assert.All(report.Equity, d => Assert.True(d.BuyAndHold > 0 && d.Index > 0 && d.Drawdown <= 0));
        Assert.Equal(report.Metrics.MaxDrawdown, -report.Equity.Min(d => d.Drawdown), 10);
        // The contributions and the monthly returns add up to the whole.
        Assert.Equal(report.Metrics.EndingEquity - 100_000_000m, report.Contributions.Sum(c => c.Pnl));
        Assert.Equal(report.Metrics.TotalReturn, report.MonthlyReturns.Aggregate(1d, (a, m) => a * (1 + m.Return)) - 1, 9);
        Assert.Equal(64, report.Data.Sha256.Length);
    }

    [Fact]
    public async Task TheSameInputs_GiveByteIdenticalReportJson()
    {
        var a = BacktestJson.SerializeToUtf8Bytes(await RunAsync(withIndex: true));
        var b = BacktestJson.SerializeToUtf8Bytes(await RunAsync(withIndex: true));
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Progress_CountsEverySession_AndCancellationStopsTheRun()
    {
        var seen = new List<BacktestProgress>();
        await RunAsync(progress: new SynchronousProgress(seen.Add));
        Assert.Equal(91, seen.Count);
        Assert.Equal(Enumerable.Range(0, 91), seen.Select(p => p.SessionsDone));
        Assert.All(seen, p => Assert.Equal(90, p.SessionsTotal));

        using var cts = new CancellationTokenSource();
        var cancelledAt = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(progress: new SynchronousProgress(p =>
        {
            if (p.SessionsDone == 10) { cancelledAt = p.SessionsDone; cts.Cancel(); }
        }), ct: cts.Token));
        Assert.Equal(10, cancelledAt);
    }

    [Fact]
    public async Task WithoutIndexBars_TheIndexBenchmarkIsNotAvailable()
    {
        var report = await RunAsync(withIndex: false);
        Assert.Null(report.Index);
        Assert.Equal("not available: no KOSPI (0001) bars in the period", report.IndexNote);
        Assert.All(report.Equity, d => Assert.Null(d.Index));
    }

    [Fact]
    public async Task AnLlmWithoutAnAnswer_CountsNoDecision_AndTradesNothing()
    {
        var (rows, dates) = Rows(false);
        var request = Request(dates, BacktestEngineKind.Llm) with { Prompt = new PromptText("Decide. {{context}}", 3) };
        var report = await new BacktestEngine(new NoAnswer()).RunAsync(request, BacktestBars.FromRows(rows, request));
        Assert.Equal(90, report.Decisions);
        Assert.Equal(90, report.NoDecisions);
        Assert.Empty(report.Orders);
        Assert.Empty(report.Fills);
        Assert.Equal(100_000_000m, report.Metrics.EndingEquity);
    }

    [Fact]
    public void BadRequests_AreRefusedWithAReason()
    {
        var (rows, dates) = Rows(false);
        var minute = Assert.Throws<BacktestInputException>(() => BacktestBars.FromRows(rows, Request(dates) with { Resolution = BarResolution.Minute }));
        // Daily bars only: a minute-resolution backtest has nothing to step through.
        Assert.Contains("No minute bars between", minute.Message);
        var empty = Assert.Throws<BacktestInputException>(() => BacktestBars.FromRows(rows, Request(dates) with { From = new DateOnly(2030, 1, 1), To = new DateOnly(2030, 2, 1) }));
        Assert.Contains("No daily bars", empty.Message);
        var unknown = Assert.Throws<BacktestInputException>(() => BacktestBars.FromRows(rows, Request(dates) with { Tickers = ["005930", "999999"] }));
        Assert.Contains("999999", unknown.Message);
    }

    private sealed class SynchronousProgress(Action<BacktestProgress> report) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => report(value);
    }

    private sealed class NoAnswer : ILlmClient
    {
        public Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct) =>
            throw new InvalidOperationException("no cached response and no budget");
    }
}
