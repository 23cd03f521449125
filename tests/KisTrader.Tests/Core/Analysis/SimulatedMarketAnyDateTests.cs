using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Portfolio;
using KisTrader.Simulator;
using KisTrader.Simulator.Market;
using KisTrader.Testing;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Tests.Core.Analysis;

/// <summary>
/// The README's promise (10 cycles on the built-in simulator with default settings produce a trade) must hold on any
/// date at any time of day. The default market is the same whatever the date (a fixed number of history days for the
/// seed), a start mid-session shows the day traded since the open, and the analyzer and the rules engine over it buy
/// within a few cycles at every time of day. In-process (no HTTP), on the default watchlist's instruments only: each
/// instrument's market depends on its own seed alone, so the rest of the universe changes nothing here.
/// </summary>
public sealed class SimulatedMarketAnyDateTests
{
    private static readonly IReadOnlyList<string> Watchlist = TradingOptions.DefaultWatchlist;

    // The acceptance runs' cadence: one run plus a one-second pause is about two seconds of market (4 steps of 0.5 s).
    private const int StepsPerCycle = 4;
    private const int Cycles = 10;

    public static TheoryData<DateTimeOffset> StartTimes()
    {
        var data = new TheoryData<DateTimeOffset>();
        // Every hour of one day, at a different minute each hour.
        for (var h = 0; h < 24; h++) data.Add(Kst(2026, 12, 4, h, (h * 23 + 7) % 60));
        // Other dates, weekends and leap day included, before and after the simulator's old fixed history start.
        data.Add(Kst(2026, 12, 3, 0, 45));
        data.Add(Kst(2024, 2, 29, 9, 1));
        data.Add(Kst(2025, 6, 14, 23, 59));
        data.Add(Kst(2027, 1, 1, 0, 0));
        data.Add(Kst(2028, 3, 5, 15, 30));
        data.Add(Kst(2031, 7, 15, 4, 12));
        return data;
    }

    [Theory]
    [MemberData(nameof(StartTimes))]
    public async Task RulesEngine_OnTheDefaultSimulatedMarket_BuysWithinTenCycles_AtAnyDateAndTimeOfDay(DateTimeOffset start)
    {
        var (exchange, time) = Start(start);
        var data = new SimulatorMarketData(exchange, time);
        var analyzer = new MarketAnalyzer(new TickCache(), data, () => FeedState.Connected, time,
            new MarketAnalyzerOptions { Session = SessionClock.AlwaysOpen });
        var engine = new RulesDecisionEngine();
        var portfolio = new PortfolioSnapshot(start, 100_000_000m, 100_000_000m, 100m, 0m, []);

        var summaries = new List<string>();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            if (cycle > 0)
                for (var i = 0; i < StepsPerCycle; i++) { time.Advance(exchange.Settings.TickInterval); exchange.Step(); }
            var analysis = await analyzer.AnalyzeAsync(Watchlist);
            Assert.False(analysis.Stale, analysis.StaleReason);
            var plan = (await engine.DecideAsync(new DecisionInput(portfolio, analysis, Watchlist, time.GetUtcNow()))).Plan!;
            var buy = plan.Orders.FirstOrDefault(o => o.Side == Side.Buy);
            if (buy is not null)
            {
                Assert.True(buy.Quantity > 0);
                Assert.StartsWith("Rule ", buy.Justification);
                return;
            }
            summaries.Add($"cycle {cycle}: " + string.Join(" | ", analysis.Tickers.Select(t =>
                $"{t.Ticker} {t.ChangeRatePercent}% surge {t.VolumeSurgeRatio} rsi {t.Indicators.GetValueOrDefault("rsi14")}")));
        }
        Assert.Fail($"no buy within {Cycles} cycles from {start:yyyy-MM-dd HH:mm} KST:\n" + string.Join("\n", summaries));
    }

    [Fact]
    public void DefaultMarket_AtTheSameTimeOfDay_IsTheSameMarketOnEveryDate()
    {
        var markets = new[] { Kst(2024, 2, 29, 10, 37), Kst(2026, 12, 4, 10, 37), Kst(2031, 7, 13, 10, 37) }
            .Select(t => Start(t).Exchange).ToList();
        var reference = markets[0];
        foreach (var other in markets.Skip(1))
            foreach (var code in Watchlist)
            {
                var (a, b) = (reference.Instrument(code)!, other.Instrument(code)!);
                Assert.Equal(a.History.Count, b.History.Count);
                // The last 100 bars (the analysis reads 150 calendar days) are bar for bar the same, only dated differently.
                Assert.Equal(Shape(a.History.TakeLast(100)), Shape(b.History.TakeLast(100)));
                Assert.Equal((a.BasePrice, a.Open, a.High, a.Low, a.Last, a.Volume), (b.BasePrice, b.Open, b.High, b.Low, b.Last, b.Volume));
            }
    }

    [Fact]
    public void StartMidSession_TodayHasTradedSinceTheOpen_WithTheUsualVolumeForTheTimeOfDay()
    {
        var (exchange, _) = Start(Kst(2026, 12, 4, 12, 0));
        foreach (var code in Watchlist)
        {
            var s = exchange.Instrument(code)!;
            var usual = (decimal)s.History.TakeLast(20).Average(b => b.Volume);
            // Half the always-open day has passed: about half a usual day's volume, never the zero of a fresh day.
            Assert.InRange(s.Volume / usual, 0.3m, 0.8m);
            Assert.Equal("000000", s.OpenTime);
            Assert.True(s.High >= s.Last && s.Low <= s.Last && s.Minutes.Count > 600, $"{code}: {s.Today}");
        }
    }

    private static List<(decimal, decimal, decimal, decimal, long)> Shape(IEnumerable<DailyBar> bars) =>
        [.. bars.Select(b => (b.Open, b.High, b.Low, b.Close, b.Volume))];

    private static (SimExchange Exchange, ManualTimeProvider Time) Start(DateTimeOffset start)
    {
        var time = new ManualTimeProvider(start);
        var settings = new SimulatorSettings { Universe = DefaultUniverse.Create().Where(i => Watchlist.Contains(i.Code)).ToList() };
        var exchange = new SimExchange(settings, new SimClock(time, settings.TimeAcceleration));
        exchange.Initialize(null);
        return (exchange, time);
    }

    private static DateTimeOffset Kst(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, KoreaTime.Offset);
}
