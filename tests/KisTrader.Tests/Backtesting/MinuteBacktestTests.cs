using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Testing.Backtesting;

namespace KisTrader.Tests.Backtesting;

/// <summary>Minute-resolution backtests over a small hand-made minute file: when and at what price an order decided at
/// a minute fills, what the ports let a decision see, and that the whole run is byte-for-byte repeatable.</summary>
public sealed class MinuteBacktestTests
{
    // code,time,open,high,low,close,volume (KST bar starts; a bar is visible from its end). No daily bars are stored:
    // the backtest derives them (2026-01-05 closes at 60,000, the base price of 2026-01-06: limits 42,000–78,000).
    private const string Minutes = """
        code,time,open,high,low,close,volume
        005930,2026-01-05 09:00,60000,60100,59900,60000,1000
        005930,2026-01-05 15:29,60000,60000,60000,60000,1000
        005930,2026-01-06 09:58,60000,60200,59900,60100,1000
        005930,2026-01-06 09:59,60100,60200,60000,60100,1000
        005930,2026-01-06 10:00,60300,60500,60200,60400,500
        005930,2026-01-06 10:01,61000,61200,60900,61100,2000
        005930,2026-01-06 14:00,61000,69000,61000,68000,3000
        """;

    private static readonly DateOnly Day1 = new(2026, 1, 5);
    private static readonly DateOnly Day2 = new(2026, 1, 6);

    private static List<HistoryBar> Rows(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(line =>
        {
            var f = line.Split(',');
            var start = new DateTimeOffset(DateTime.ParseExact(f[1], "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), KoreaTime.Offset);
            decimal P(int i) => decimal.Parse(f[i], CultureInfo.InvariantCulture);
            return HistoryBar.OneMinute(f[0], start, P(2), P(3), P(4), P(5), long.Parse(f[6], CultureInfo.InvariantCulture), 0m, "hand", start.AddDays(1));
        })];

    private static BacktestRequest Request(DateOnly from, DateOnly to) => new()
    {
        From = from, To = to, Resolution = BarResolution.Minute, WarmUpDays = 0,
        // One tick of slippage, no range fraction, at most 10% of a minute bar's volume.
        Slippage = new SlippageModel(1, 0m, 0.1m),
    };

    private static BacktestSession Session(BacktestBars bars, BacktestRequest request) =>
        BacktestSession.Create(bars.History, request.From, request.To, new KrxCalendar(),
            new SimulatedBrokerOptions { InitialCash = 100_000_000m, Slippage = request.Slippage });

    [Fact]
    public async Task MarketBuyDecidedAt1000_FillsOnTheNextMinuteBar_AtItsOpenPlusSlippage_WithinItsVolumeCap_WithCommission()
    {
        var request = Request(Day1, Day2);
        var bars = BacktestBars.FromRows(Rows(Minutes), request);
        var session = Session(bars, request);
        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 10, 0));
        // What the decision at 10:00 saw: the 09:59 bar's close, nothing of the 10:00 bar.
        var quote = await session.Market.GetQuoteAsync("005930");
        Assert.Equal((60_100m, 60_000m, 78_000m, 42_000m), (quote.Price, quote.BasePrice, quote.UpperLimit, quote.LowerLimit));

        var placed = await session.Broker.PlaceAsync(new OrderRequest("005930", Side.Buy, OrderPriceType.Market, 80, null));
        Assert.Equal(SubmissionStatus.Accepted, placed.Status);
        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 10, 0).AddSeconds(30));
        Assert.Empty(session.Broker.Fills); // the 10:00–10:01 bar has not ended

        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 10, 1));
        // The 10:00–10:01 bar: open 60,300 + one tick (100) = 60,400 (≤ its high 60,500); 10% of its 500 shares = 50.
        // Commission floor(50 × 60,400 × 0.015%) = floor(453.0) = 453. Cash moves on T+2 (2026-01-08).
        var first = Assert.Single(session.Broker.Fills);
        Assert.Equal((60_400m, 50L, BarFixture.Kst(2026, 1, 6, 10, 1), 453m, 0m, new DateOnly(2026, 1, 8)),
            (first.Price, first.Quantity, first.Time, first.Commission, first.Tax, first.SettlesOn));

        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 10, 2));
        // The rest (30) on the 10:01–10:02 bar: 61,000 + 100 = 61,100; commission on the order's running total
        // floor(4,853,000 × 0.015%) = floor(727.95) = 727, less the 453 already charged = 274.
        var second = session.Broker.Fills[1];
        Assert.Equal((61_100m, 30L, BarFixture.Kst(2026, 1, 6, 10, 2), 274m), (second.Price, second.Quantity, second.Time, second.Commission));
        var balance = await session.Broker.GetBalanceAsync();
        Assert.Equal(100_000_000m, balance.Cash); // unsettled until T+2
        Assert.Equal(100_000_000m - 3_020_000m - 1_833_000m - 727m, balance.CashD2);
    }

    [Fact]
    public async Task LimitBuyBelowTheNextBarsOpen_FillsAtTheLimit_WhenALaterBarReachesIt()
    {
        var request = Request(Day1, Day2);
        var session = Session(BacktestBars.FromRows(Rows(Minutes), request), request);
        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 9, 58));
        // 60,000 is below the 09:58 bar's open (60,000 is not: at the open it is marketable) → use 59,900: the 09:58 bar's low.
        Assert.Equal(SubmissionStatus.Accepted, (await session.Broker.PlaceAsync(new OrderRequest("005930", Side.Buy, OrderPriceType.Limit, 10, 59_900m))).Status);
        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 9, 59));
        var fill = Assert.Single(session.Broker.Fills);
        Assert.Equal((59_900m, 10L, BarFixture.Kst(2026, 1, 6, 9, 59)), (fill.Price, fill.Quantity, fill.Time));
    }

    [Fact]
    public async Task APlantedFutureMinuteBar_IsInvisible_ToEveryReadBeforeItEnds()
    {
        var request = Request(Day1, Day2);
        var session = Session(BacktestBars.FromRows(Rows(Minutes), request), request);
        var planted = BarFixture.Kst(2026, 1, 6, 14, 0);
        for (var t = KrxCalendar.OpenOn(Day2); t <= planted; t = t.AddMinutes(1))
        {
            session.Clock.AdvanceTo(t);
            var quote = await session.Market.GetQuoteAsync("005930");
            Assert.True(quote.High < 69_000m && quote.Price < 68_000m, $"{KoreaTime.Format(t)}: the quote shows the 14:00 bar");
            var today = await session.Market.GetMinuteBarsAsync("005930", new TimeOnly(15, 30));
            Assert.DoesNotContain(today, b => b.Time >= planted || b.Time + PointInTime.MinuteLength > t);
            var range = await session.Market.GetBarsAsync("005930", Day1, Day2, BarPeriod.Minute);
            Assert.DoesNotContain(range, b => b.Time >= planted);
            var daily = await session.Market.GetBarsAsync("005930", Day1, Day2);
            Assert.DoesNotContain(daily, b => b.Date == Day2);
        }
        // It ends at 14:01, and from then it is seen.
        session.Clock.AdvanceTo(planted.AddMinutes(1));
        Assert.Equal((68_000m, 69_000m), ((await session.Market.GetQuoteAsync("005930")).Price, (await session.Market.GetQuoteAsync("005930")).High));
    }

    [Fact]
    public async Task TheSessionSoFar_IsWhatTheQuoteShows_VolumeAndTradedValueForTheVwap()
    {
        var request = Request(Day1, Day2);
        var session = Session(BacktestBars.FromRows(Rows(Minutes), request), request);
        session.Clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 10, 1));
        var q = await session.Market.GetQuoteAsync("005930");
        // Bars 09:58, 09:59, 10:00: open 60,000, high 60,500, low 59,900, close 60,400, 2,500 shares; traded value from the
        // typical prices (60,066.67 × 1000 + 60,100 × 1000 + 60,366.67 × 500, each rounded to 0.01 won).
        Assert.Equal((60_400m, 60_000m, 60_500m, 59_900m, 2_500L), (q.Price, q.Open, q.High, q.Low, q.Volume));
        Assert.Equal(Math.Round(180_200m / 3m * 1000m, 2) + Math.Round(180_300m / 3m * 1000m, 2) + Math.Round(181_100m / 3m * 500m, 2), q.TradeValue);
        Assert.Equal(BarFixture.Kst(2026, 1, 6, 10, 1), q.Time);
    }

    [Fact]
    public void MinuteBacktest_RefusesANonsenseCadence_AndWantsMinuteBars()
    {
        var rows = Rows(Minutes);
        Assert.Contains("cadence must be 1 to 389", Assert.Throws<BacktestInputException>(() =>
            BacktestBars.FromRows(rows, Request(Day1, Day2) with { CadenceMinutes = 0 })).Message);
        Assert.Contains("No minute bars", Assert.Throws<BacktestInputException>(() =>
            BacktestBars.FromRows(rows, Request(Day1, Day2) with { Tickers = ["000660"] })).Message);
    }

    [Fact]
    public async Task RulesEngineAtMinuteResolution_IsDeterministic_ByteForByte_AndTradesOnTheNextBars()
    {
        // 65 sessions of warm-up (daily bars derived from the minutes) before 10 backtested sessions.
        var (bars, dates) = MinuteWalks.Generate(5, 75, new DateOnly(2025, 3, 3));
        var rows = MinuteWalks.Rows(bars);
        var request = new BacktestRequest { From = dates[65], To = dates[^1], Resolution = BarResolution.Minute, CadenceMinutes = 60 };
        async Task<byte[]> RunAsync() =>
            BacktestJson.SerializeToUtf8Bytes(await new BacktestEngine().RunAsync(request, BacktestBars.FromRows(rows, request)));
        var first = await RunAsync();
        var second = await RunAsync();
        Assert.Equal(first, second);
        var report = BacktestJson.Deserialize(System.Text.Encoding.UTF8.GetString(first));
        Assert.Equal(("minute", "Every60Minutes", 10), (report.Request.Resolution, report.Request.DecisionTime, report.Metrics.Sessions));
        Assert.True(report.Fills.Count > 0, $"decisions {report.Decisions}, no decision {report.NoDecisions}, orders {report.Orders.Count}: " +
            string.Join(" | ", report.Orders.Take(5).Select(o => $"{o.Status} {o.Error} {o.Justification}")));
        Assert.True(report.Decisions > 0, "the graph ran");
        // Every fill lies on a minute bar's end, after the order that caused it.
        foreach (var fill in report.Fills)
        {
            Assert.Equal(0, fill.Time.ToKst().Second);
            var order = Assert.Single(report.Orders, o => o.BrokerOrderNo == fill.OrderNo);
            Assert.True(fill.Time > order.Time, $"fill {fill.Sequence} at {fill.Time} not after its order at {order.Time}");
        }
    }
}
