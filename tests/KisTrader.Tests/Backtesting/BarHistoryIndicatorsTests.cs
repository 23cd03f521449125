using System.Text.Json;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Tests.Core.Indicators;

namespace KisTrader.Tests.Backtesting;

/// <summary>The backtest reads its indicators from the history it holds (<see cref="BarHistoryIndicators"/>) instead of
/// recomputing them live from a copied window at every session: these prove it gets the live values exactly, decimal
/// scale included, at every session of the indicator golden series (and of a copy with fractional prices, which takes
/// the sums' general path).</summary>
public sealed class BarHistoryIndicatorsTests
{
    // "flat" and "boundary" are built to land where the backtest's double replay must give way to the decimal one
    // (RoundedReplay): no loss in an RSI window, a zero MACD, values exactly on a multiple of 0.1 or on a rounding boundary.
    public static TheoryData<string> Series => ["daily_bars.csv", "daily_bars_long.csv", "fractional", "flat", "boundary"];

    [Theory]
    [MemberData(nameof(Series))]
    public void EveryIndicator_IsTheLiveComputations_AtEverySession(string series)
    {
        var bars = Load(series);
        var history = new BarHistory(new Dictionary<string, IReadOnlyList<Bar>> { ["005930"] = bars });
        var source = new BarHistoryIndicators(history);
        var checkedKeys = 0;
        for (var k = 0; k <= bars.Count; k++)
        {
            var today = k < bars.Count ? bars[k].Date : bars[^1].Date.AddDays(3);
            var window = bars.Where(b => b.Date >= today.AddDays(-150) && b.Date < today).ToList();
            var day = k < bars.Count ? bars[k] : bars[^1];
            var start = KoreaTime.StartOfDay(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset));
            // The bar a decision at the open sees (the open, nothing traded), and a later one with volume and value.
            Bar[] todays =
            [
                new(start, day.Open, day.Open, day.Open, day.Open, 0, 0m),
                new(start, day.Open, day.High, day.Low, day.Close, day.Volume + 1, day.Close * (day.Volume + 1)),
            ];
            foreach (var todayBar in todays)
            {
                var expected = TickerIndicators.Compute(window, todayBar).ToList();
                // One key read first (a deferred one), then everything: the order and the values are the eager dictionary's.
                var actual = source.Compute("005930", today, todayBar);
                if (expected.Count > 0) Assert.True(actual.TryGetValue(expected[0].Key, out _));
                Assert.Equal(expected.Select(kv => kv.Key), actual.Select(kv => kv.Key));
                foreach (var (key, value) in expected)
                {
                    Assert.True(decimal.GetBits(value).SequenceEqual(decimal.GetBits(actual[key])),
                        $"{series} {today:yyyy-MM-dd} {key}: live {value}, backtest {actual[key]}");
                    checkedKeys++;
                }
            }
        }
        Assert.True(checkedKeys > bars.Count * 10, $"only {checkedKeys} values compared");
    }

    [Fact]
    public async Task TheAnalyzerOverHistory_GivesTheLiveAnalysis_AtEverySession()
    {
        var calendar = new KrxCalendar([]);
        var history = new BarHistory(new Dictionary<string, IReadOnlyList<Bar>>
        {
            ["000010"] = Load("daily_bars_long.csv"),
            ["000020"] = Load("fractional"),
        });
        var days = Load("daily_bars_long.csv").Select(b => b.Date).ToList();
        var clock = new BacktestClock(KoreaTime.StartOfDay(KrxCalendar.OpenOn(days[0])), calendar);
        var market = new HistoricalMarketData(history, clock, calendar);
        var options = new MarketAnalyzerOptions { Calendar = calendar };
        var live = new MarketAnalyzer(new TickCache(), market, () => FeedState.Connected, clock, options);
        var backtest = new MarketAnalyzer(new TickCache(), market, () => FeedState.Connected, clock, options, new BarHistoryIndicators(history));
        string[] tickers = ["000010", "000020", "999999"];
        foreach (var day in days.Skip(1))
            foreach (var at in new[] { KrxCalendar.OpenOn(day), KrxCalendar.CloseOn(day).AddMinutes(-30) })
            {
                clock.AdvanceTo(at);
                var expected = JsonSerializer.Serialize(await live.AnalyzeAsync(tickers));
                Assert.Equal(expected, JsonSerializer.Serialize(await backtest.AnalyzeAsync(tickers)));
            }
    }

    [Fact]
    public void DeferredIndicators_KeepTheDictionarysOrder_AndAnOverwriteWinsOverTheComputation()
    {
        var calls = 0;
        var d = new DeferredIndicators();
        d.Add("a", 1m);
        d.AddDeferred("b", r => { calls++; r.Resolve("b", 2m); r.Resolve("c", 3m); });
        d.AddDeferred("c", r => { calls++; r.Resolve("b", 2m); r.Resolve("c", 3m); });
        d["c"] = 30m;
        d["e"] = 5m;
        Assert.Equal(4, d.Count);
        Assert.Equal(0, calls);
        Assert.True(d.ContainsKey("b"));
        Assert.Equal(0, calls);
        Assert.Equal(["a", "b", "c", "e"], d.Select(kv => kv.Key));
        Assert.Equal([1m, 2m, 30m, 5m], d.Select(kv => kv.Value));
        Assert.Equal(1, calls);
    }

    /// <summary>A golden series; <c>fractional</c>: the long one with prices × 0.37 kept to two decimals; <c>flat</c>: its
    /// dates at one price, then a step up and flat again; <c>boundary</c>: closes of 1,000 plus 0, 0.005 or 0.01 won
    /// (means and averages on x.xx5, the rounding boundary, and on multiples of 0.1).</summary>
    private static List<Bar> Load(string series)
    {
        var golden = GoldenBars.Load(series is "fractional" or "flat" or "boundary" ? "daily_bars_long.csv" : series);
        static decimal F(decimal p) => Math.Round(p * 0.37m, 2);
        switch (series)
        {
            case "fractional":
                return [.. golden.Select(b => new Bar(b.Time, F(b.Open), F(b.High), F(b.Low), F(b.Close), b.Volume, b.TradeValue))];
            case "flat":
                return [.. golden.Select((b, i) =>
                {
                    var p = i < golden.Count / 2 ? 10_000m : 10_500m;
                    return new Bar(b.Time, p, p, p, p, 1_000, p * 1_000);
                })];
            case "boundary":
                return [.. golden.Select((b, i) =>
                {
                    var p = 1_000m + i % 3 * 0.005m;
                    return new Bar(b.Time, p, p + 0.01m, p - 0.01m, p, 1_000, p * 1_000);
                })];
            default:
                return [.. golden];
        }
    }
}
