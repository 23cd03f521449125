using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Indicators;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;

namespace KisTrader.Ml.Tests;

public sealed class FeatureTests
{
    private static readonly DailyFeatures Extractor = new();
    private static readonly DateTimeOffset Collected = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Features_at_a_session_do_not_change_when_every_later_bar_is_removed_from_the_store()
    {
        var rows = SyntheticMarket.Generate(seed: 5, instruments: 6, sessions: 320, pattern: true);
        var full = FeatureHistory.FromRows(rows);
        foreach (var day in SyntheticMarket.TradingDays(320).Where((_, i) => i is 10 or 70 or 260 or 300))
        {
            var truncated = FeatureHistory.FromRows([.. rows.Where(b => b.Date <= day)]);
            foreach (var ticker in full.Instruments.Tickers)
            {
                var asOf = KrxCalendar.CloseOn(day);
                Assert.Equal(Extractor.Compute(truncated.InputAt(ticker, asOf)), Extractor.Compute(full.InputAt(ticker, asOf)));
            }
        }
    }

    [Fact]
    public void Training_backtest_and_live_paths_compute_identical_features()
    {
        var rows = SyntheticMarket.Generate(seed: 6, instruments: 4, sessions: 300, pattern: false);
        var days = SyntheticMarket.TradingDays(300);
        // Training: from store rows.
        var training = FeatureHistory.FromRows(rows);
        // Backtest: the bars a backtest loads (BacktestBars), plus the KOSDAQ index it does not load itself.
        var request = new BacktestRequest { From = days[0], To = days[^1], WarmUpDays = 0 };
        var kosdaq = rows.Where(b => b.Ticker == MarketIndexes.Kosdaq).OrderBy(b => b.Time).Select(b => b.ToBar()).ToList();
        var backtest = FeatureHistory.FromBacktest(BacktestBars.FromRows(rows, request), kosdaq);
        foreach (var day in new[] { days[40], days[280] })
        {
            var asOf = KrxCalendar.CloseOn(day);
            foreach (var ticker in training.Instruments.Tickers)
            {
                // Live: the analysis's own bars (adjusted, as DailyHistoryCache loads them) and the breadth it tracks.
                IReadOnlyList<Bar> Series(string code) => [.. rows.Where(b => b.Ticker == code && b.AvailableAt <= asOf)
                    .OrderBy(b => b.Time).Select(b => b.ToBar()).Where(b => b.Date >= day.AddDays(-FeatureHistory.LookbackDays))];
                var live = new FeatureInput(ticker, asOf, Series(ticker), [.. Series(MarketIndexes.Kospi).TakeLast(FeatureHistory.MarketSessions)],
                    [.. Series(MarketIndexes.Kosdaq).TakeLast(FeatureHistory.MarketSessions)],
                    [.. training.BreadthBySession.Where(p => p.Date <= day).TakeLast(FeatureHistory.MarketSessions)]);
                var expected = Extractor.Compute(training.InputAt(ticker, asOf));
                Assert.Equal(expected, Extractor.Compute(backtest.InputAt(ticker, asOf)));
                Assert.Equal(expected, Extractor.Compute(live));
            }
        }
    }

    [Fact]
    public void An_input_refuses_a_bar_whose_session_closes_after_its_instant()
    {
        var day = new DateOnly(2026, 3, 3);
        var bars = new[] { Bar(day.AddDays(-1), 100, 100), Bar(day, 100, 101) };
        var justBeforeClose = KrxCalendar.CloseOn(day).AddMinutes(-1);
        var ex = Assert.Throws<LookAheadException>(() => new FeatureInput("005930", justBeforeClose, bars, [], [], []));
        Assert.Contains("2026-03-03", ex.Message);
        Assert.Throws<LookAheadException>(() => new FeatureInput("005930", justBeforeClose, bars[..1], [], [],
            [new BreadthPoint(day, 1, 0, 1)]));
        // At the close the bar is final and may be read.
        _ = new FeatureInput("005930", KrxCalendar.CloseOn(day), bars, [], [], []);
    }

    [Fact]
    public void Before_the_close_the_history_shows_the_previous_session_as_the_latest()
    {
        var rows = SyntheticMarket.Generate(seed: 7, instruments: 2, sessions: 30, pattern: false);
        var history = FeatureHistory.FromRows(rows);
        var days = SyntheticMarket.TradingDays(30);
        var ticker = history.Instruments.Tickers[0];
        var during = history.InputAt(ticker, KrxCalendar.CloseOn(days[20]).AddMinutes(-1));
        Assert.Equal(days[19], during.Bars[^1].Date);
        Assert.Equal(days[19], during.Kospi[^1].Date);
        Assert.Equal(days[19], during.Breadth[^1].Date);
        Assert.Equal(days[20], history.InputAt(ticker, KrxCalendar.CloseOn(days[20])).Bars[^1].Date);
    }

    [Fact]
    public void Features_match_hand_computed_values_and_the_products_indicator_classes()
    {
        var start = new DateOnly(2026, 1, 5);
        var bars = new List<Bar>();
        var day = start;
        for (var i = 0; i < 120; i++)
        {
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
            var close = 1000m + (i % 7) * 10 + i;
            bars.Add(new Bar(At(day), close - 5, close + 8, close - 9, close, 1000 + i * 10, 0m));
            day = day.AddDays(1);
        }
        var last = bars[^1];
        var input = new FeatureInput("005930", KrxCalendar.CloseOn(last.Date), bars, [], [], []);
        var v = Extractor.Compute(input);
        float Col(string name) => v[DailyFeatures.SchemaV1.IndexOf(name)];

        Assert.Equal((float)((double)last.Close / (double)bars[^2].Close - 1), Col("ret_1d"));
        Assert.Equal((float)((double)last.Close / (double)bars[^6].Close - 1), Col("ret_5d"));
        Assert.Equal((float)((double)last.Open / (double)bars[^2].Close - 1), Col("gap"));
        var before20 = bars.Skip(bars.Count - 21).Take(20).Average(b => (double)b.Volume);
        Assert.Equal((float)(last.Volume / before20), Col("volume_ratio_1d"), 5);
        var rsi = new RelativeStrengthIndex(14);
        var sma20 = new SimpleMovingAverage(20);
        foreach (var b in bars.TakeLast(DailyFeatures.IndicatorBars))
        {
            rsi.Update(b.Close);
            sma20.Update(b.Close);
        }
        Assert.Equal((float)((double)rsi.Current / 100), Col("rsi14"));
        Assert.Equal((float)((double)last.Close / (double)sma20.Current - 1), Col("dist_sma20"));
        Assert.Equal((float)(int)last.Date.DayOfWeek, Col("day_of_week"));
        // Not enough bars for the 52-week range, and no market series given: explicitly missing.
        Assert.True(float.IsNaN(Col("dist_52w_high")));
        Assert.True(float.IsNaN(Col("kospi_ret_1d")));
        Assert.True(float.IsNaN(Col("breadth_1d")));
    }

    [Fact]
    public void Breadth_is_the_share_of_instruments_that_closed_up()
    {
        var d1 = new DateOnly(2026, 3, 2);
        var d2 = new DateOnly(2026, 3, 3);
        HistoryBar Row(string t, DateOnly d, decimal c) => HistoryBar.Daily(t, d, c, c, c, c, 100, 0m, "test", Collected);
        var history = FeatureHistory.FromRows([Row("000010", d1, 100), Row("000010", d2, 101), Row("000020", d1, 100), Row("000020", d2, 102),
            Row("000030", d1, 100), Row("000030", d2, 99), Row("000040", d1, 100), Row("000040", d2, 100)]);
        var point = Assert.Single(history.BreadthBySession);
        Assert.Equal(new BreadthPoint(d2, 2, 1, 4), point);
        var v = Extractor.Compute(history.InputAt("000010", KrxCalendar.CloseOn(d2)));
        Assert.Equal(0.5f, v[DailyFeatures.SchemaV1.IndexOf("breadth_1d")]);
    }

    [Fact]
    public void A_dataset_counts_the_missing_values_of_each_column_and_the_unlabelled_sessions()
    {
        var rows = SyntheticMarket.Generate(seed: 8, instruments: 3, sessions: 280, pattern: false);
        var dataset = new DatasetBuilder(Extractor).Build(FeatureHistory.FromRows(rows), SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        var schema = dataset.Schema;
        for (var j = 0; j < schema.Count; j++)
            Assert.Equal(dataset.Rows.Count(r => float.IsNaN(r.Features[j])), dataset.MissingByColumn[j]);
        // The 52-week range needs 250 sessions: the first 249 of each instrument lack it; the 60-day return needs 61.
        Assert.Equal(3 * 249, dataset.MissingByColumn[schema.IndexOf("dist_52w_high")]);
        Assert.Equal(3 * 60, dataset.MissingByColumn[schema.IndexOf("ret_60d")]);
        Assert.Equal(0, dataset.MissingByColumn[schema.IndexOf("day_of_week")]);
        // The last five sessions of each instrument have no five sessions after them.
        Assert.Equal(3 * 5, dataset.Unlabelled);
        Assert.Equal(3 * 275, dataset.Rows.Count);
    }

    [Fact]
    public void Building_instruments_side_by_side_gives_the_same_dataset_as_one_at_a_time()
    {
        var history = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 9, instruments: 5, sessions: 150, pattern: true));
        var serial = new DatasetBuilder(Extractor) { Parallelism = 1 }.Build(history, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        var parallel = new DatasetBuilder(Extractor) { Parallelism = 4 }.Build(history, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        Assert.Equal(serial.Rows.Count, parallel.Rows.Count);
        for (var i = 0; i < serial.Rows.Count; i++)
        {
            Assert.Equal((serial.Rows[i].Ticker, serial.Rows[i].Date, serial.Rows[i].Label), (parallel.Rows[i].Ticker, parallel.Rows[i].Date, parallel.Rows[i].Label));
            Assert.Equal(serial.Rows[i].Features, parallel.Rows[i].Features);
        }
        Assert.Equal(serial.Unlabelled, parallel.Unlabelled);
    }

    [Fact]
    public void The_three_class_label_divides_the_rows_as_their_net_returns_do()
    {
        var history = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 10, instruments: 3, sessions: 120, pattern: false));
        var dataset = new DatasetBuilder(Extractor, new KisTrader.Core.Ml.Labels.LabelSpec(Horizon: 3, Threshold: 0.02m))
            .Build(history, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        Assert.Equal(3 * 3, dataset.Unlabelled);
        Assert.All(dataset.Rows, r => Assert.Equal(r.Label.NetReturn > 0.02m ? KisTrader.Core.Ml.Labels.Direction.Up
            : r.Label.NetReturn < -0.02m ? KisTrader.Core.Ml.Labels.Direction.Down : KisTrader.Core.Ml.Labels.Direction.Flat, r.Label.Direction));
        Assert.Contains(dataset.Rows, r => r.Label.Direction == KisTrader.Core.Ml.Labels.Direction.Up);
        Assert.Contains(dataset.Rows, r => r.Label.Direction == KisTrader.Core.Ml.Labels.Direction.Down);
        Assert.Contains(dataset.Rows, r => r.Label.Direction == KisTrader.Core.Ml.Labels.Direction.Flat);
    }

    private static DateTimeOffset At(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);

    private static Bar Bar(DateOnly d, decimal open, decimal close) =>
        new(At(d), open, Math.Max(open, close), Math.Min(open, close), close, 1000, 0m);
}
