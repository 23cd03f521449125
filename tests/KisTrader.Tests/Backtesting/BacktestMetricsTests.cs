using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Backtesting;

/// <summary>The metrics against golden values computed independently with pandas 1.5.3 / numpy 1.24.2 (Debian
/// python3-pandas, python3-numpy) by golden/metrics_golden.py from the same inputs.</summary>
public sealed class BacktestMetricsTests
{
    private const decimal Start = 10_000_000m;

    private static readonly (string Date, decimal Equity, decimal Securities)[] Closes =
    [
        ("2026-03-03", 10_050_000m, 6_000_000m), ("2026-03-04", 10_120_000m, 6_070_000m), ("2026-03-05", 9_980_000m, 5_930_000m),
        ("2026-03-06", 9_700_000m, 5_650_000m), ("2026-03-09", 9_850_000m, 5_800_000m), ("2026-03-10", 10_010_000m, 5_960_000m),
        ("2026-03-11", 10_150_000m, 4_100_000m), ("2026-03-12", 10_090_000m, 4_040_000m), ("2026-03-13", 10_300_000m, 4_250_000m),
        ("2026-03-16", 10_240_000m, 0m),
    ];

    private static readonly (string Ticker, Side Side, decimal Price, long Quantity, decimal Commission, decimal Tax)[] FillRows =
    [
        ("005930", Side.Buy, 60_000m, 50, 450m, 0m), ("000660", Side.Buy, 150_000m, 20, 450m, 0m), ("005930", Side.Buy, 61_000m, 50, 457m, 0m),
        ("005930", Side.Sell, 63_000m, 70, 661m, 8_820m), ("000660", Side.Sell, 140_000m, 20, 420m, 5_600m), ("005930", Side.Sell, 59_000m, 30, 265m, 3_540m),
    ];

    private static IReadOnlyList<EquityPoint> Equity() =>
        [.. Closes.Select(c => new EquityPoint(DateOnly.Parse(c.Date, System.Globalization.CultureInfo.InvariantCulture), c.Equity, c.Securities))];

    private static IReadOnlyList<BacktestFill> Fills() =>
        [.. FillRows.Select((f, i) => new BacktestFill(i + 1, $"{i + 1:D10}", f.Ticker, f.Side, KrxCalendar.OpenOn(new DateOnly(2026, 3, 3 + i)),
            f.Price, f.Quantity, f.Commission, f.Tax, new DateOnly(2026, 3, 10)))];

    [Fact]
    public void Metrics_MatchTheGoldenValuesFromPandas()
    {
        var m = BacktestMetrics.Compute(Start, Equity(), Fills());
        // Output of golden/metrics_golden.py:
        Assert.Equal(0.02400000000000002, m.TotalReturn, 12);
        Assert.Equal(0.8178536114460073, m.AnnualisedReturn, 10);
        Assert.Equal(0.24768273987678716, m.Volatility, 12);
        Assert.Equal(2.527782857426745, m.Sharpe!.Value, 10);
        Assert.Equal(3.8537055470119874, m.Sortino!.Value, 10);
        Assert.Equal(0.04150197628458496, m.MaxDrawdown, 12);
        Assert.Equal(5, m.MaxDrawdownSessions);
        Assert.Equal(3, m.RoundTrips);
        Assert.Equal(0.3333333333333333, m.WinRate!.Value, 12);
        Assert.Equal(0.6648927440923869, m.ProfitFactor!.Value, 12);
        Assert.Equal(179_886.2m, m.AverageWin);
        Assert.Equal(-135_274.6m, m.AverageLoss);
        Assert.Equal(0.8971041894715892, m.Turnover, 12);
        Assert.Equal(0.4774675661220316, m.Exposure, 12);
        Assert.Equal(2_703m, m.Commission);
        Assert.Equal(17_960m, m.Tax);
        Assert.Equal((10, 10_240_000m), (m.Sessions, m.EndingEquity));
    }

    [Fact]
    public void RoundTrips_AreMatchedFifo_WithTheBuysCommissionFollowingTheirShares()
    {
        var trips = BacktestMetrics.RoundTripsOf(Fills());
        // 70 sold at 63,000: 50 from the 60,000 lot (+150,000 − its 450 commission) and 20 from the 61,000 lot
        // (+40,000 − 20/50 of its 457 = 182.8), less the sale's 661 commission and 8,820 tax.
        Assert.Equal(150_000m - 450m + 40_000m - 182.8m - 661m - 8_820m, trips[0].Pnl);
        // The last 30 take the rest of the 61,000 lot's commission (457 − 182.8 = 274.2).
        Assert.Equal(-60_000m - 274.2m - 265m - 3_540m, trips[2].Pnl);
    }

    [Fact]
    public void FlatEquity_HasNoRatios_AndNoDrawdown()
    {
        var flat = new[] { new EquityPoint(new DateOnly(2026, 3, 3), Start, 0m), new EquityPoint(new DateOnly(2026, 3, 4), Start, 0m) };
        var m = BacktestMetrics.Compute(Start, flat, []);
        Assert.Equal((0d, 0d, (double?)null, (double?)null, 0d, 0, (double?)null), (m.TotalReturn, m.Volatility, m.Sharpe, m.Sortino, m.MaxDrawdown, m.MaxDrawdownSessions, m.WinRate));
    }

    [Fact]
    public void AnUnrecoveredDrawdown_LastsToTheEnd()
    {
        var points = new[] { 10_500_000m, 9_000_000m, 9_500_000m }
            .Select((e, i) => new EquityPoint(new DateOnly(2026, 3, 3 + i), e, 0m)).ToList();
        var m = BacktestMetrics.Compute(Start, points, []);
        // Peak 10,500,000 at session 1, trough 9,000,000: 1 − 9/10.5; not recovered by session 3, so 2 sessions.
        Assert.Equal(1d - 9_000_000d / 10_500_000d, m.MaxDrawdown, 12);
        Assert.Equal(2, m.MaxDrawdownSessions);
    }
}
