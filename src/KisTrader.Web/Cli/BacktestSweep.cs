using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Backtesting.Sweeps;
using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Cli;

/// <summary><c>backtest --sweep … / --walk-forward TRAIN/TEST</c>: the parameter sets and windows from the arguments
/// (checked like the configuration, so a bad value names its Trading:Rules key), the sweep over bars loaded once, the
/// ranked table.</summary>
internal static class BacktestSweep
{
    /// <summary>The plan, or the reason it cannot run.</summary>
    public static (ParameterGrid? Grid, IReadOnlyList<WalkForwardWindow>? Windows, string Split, string? Problem) Plan(
        string? sweep, string? walkForward, BacktestRequest request)
    {
        ParameterGrid grid;
        try
        {
            grid = ParameterGrid.Parse(sweep);
        }
        catch (FormatException ex)
        {
            return (null, null, "", "--sweep: " + ex.Message);
        }
        foreach (var set in grid.Sets)
            if (Problems(RulesParameters.Apply(request.RulesOptions, set.Values)).FirstOrDefault() is { } bad)
                return (null, null, "", $"--sweep: the set {set.Label} is not a valid configuration: {bad}");
        try
        {
            if (walkForward is null) return (grid, WalkForward.Holdout(request.From, request.To), "holdout: first two thirds train, last third test", null);
            var parts = walkForward.Split('/');
            if (parts.Length != 2) return (null, null, "", $"--walk-forward: '{walkForward}' is not TRAIN/TEST (for example 2y/6m).");
            var (train, test) = (PeriodLength.Parse(parts[0]), PeriodLength.Parse(parts[1]));
            return (grid, WalkForward.Rolling(request.From, request.To, train, test), $"walk-forward {train}/{test}", null);
        }
        catch (FormatException ex)
        {
            return (null, null, "", "--walk-forward: " + ex.Message);
        }
    }

    /// <summary>The windows whose train and test periods both hold at least one session of the data.</summary>
    public static IReadOnlyList<WalkForwardWindow> WithSessions(IReadOnlyList<WalkForwardWindow> windows, BarHistory history)
    {
        bool Any(DateOnly from, DateOnly to) => history.Tickers.Any(t => history.VisibleBetween(t, from, to, KrxCalendar.CloseOn(to)).Count > 0);
        return [.. windows.Where(w => Any(w.TrainFrom, w.TrainTo) && Any(w.TestFrom, w.TestTo))];
    }

    /// <summary>The configuration's own checks on a swept set (Trading:Rules:…), so a sweep cannot run what start-up refuses.</summary>
    private static IEnumerable<string> Problems(RulesEngineOptions o) => new RulesEngineSettings
    {
        OversoldRsi = o.OversoldRsi,
        OverboughtRsi = o.OverboughtRsi,
        VolumeSurgeRatio = o.VolumeSurgeRatio,
        MomentumMinChangePercent = o.MomentumMinChangePercent,
        MomentumMaxChangePercent = o.MomentumMaxChangePercent,
        BreakoutMaxRsi = o.BreakoutMaxRsi,
        TrendMinRsi = o.TrendMinRsi,
        TrendMaxRsi = o.TrendMaxRsi,
        StopLossPercent = o.StopLossPercent,
        TakeProfitPercent = o.TakeProfitPercent,
        BuyFractionOfEquity = o.BuyFractionOfEquity,
        MaxBuysPerRun = o.MaxBuysPerRun,
    }.Validate("Trading:Rules").Select(r => $"{string.Join(", ", r.MemberNames)} {r.ErrorMessage}");

    /// <summary>The per-window choices, the walk-forward line and the ranking (out-of-sample score first).</summary>
    public static void Write(TextWriter w, SweepReport r)
    {
        var objective = r.Summary.Objective;
        w.WriteLine($"sweep: {r.Summary.Sets} parameter sets x {r.Windows.Count} windows = {r.Summary.Backtests} backtests; {r.Summary.Split}; objective {objective}");
        w.WriteLine();
        w.WriteLine("window  train                    test                      IS " + objective.PadLeft(8) + "  OOS " + objective.PadLeft(8) + "  OOS return  chosen (best in sample)");
        foreach (var x in r.Windows)
            w.WriteLine(Inv($"{x.Number,6}  {x.TrainFrom:yyyy-MM-dd}..{x.TrainTo:yyyy-MM-dd}   {x.TestFrom:yyyy-MM-dd}..{x.TestTo:yyyy-MM-dd}  {Num(Score(x, true)),11}  {Num(Score(x, false)),12}  {Pct(x.OutOfSample.TotalReturn),10}  {x.ChosenSet}: {x.ChosenLabel}"));
        var wf = r.WalkForward;
        w.WriteLine(Inv($"walk-forward out of sample: return {Pct(wf.TotalReturn)}, annualised {Pct(wf.AnnualisedReturn)}, sharpe {Num(wf.Sharpe)}, max drawdown {Pct(-wf.MaxDrawdown)}, {wf.Sessions} sessions, {wf.RoundTrips} round trips"));
        w.WriteLine();
        w.WriteLine("rank  set  OOS " + objective.PadLeft(8) + "   OOS return  OOS max dd  mean IS " + objective.PadLeft(8) + "  chosen  parameters");
        foreach (var x in r.Ranking)
            w.WriteLine(Inv($"{x.Rank,4}  {x.Set,3}  {Num(x.OutOfSampleScore),12}  {Pct(x.OutOfSample.TotalReturn),11}  {Pct(-x.OutOfSample.MaxDrawdown),10}  {Num(x.MeanInSampleScore),16}  {x.TimesChosen,6}  {x.Label}"));
    }

    private static double Score(SweepWindowResult x, bool inSample)
    {
        var s = x.Scores.Single(s => s.Set == x.ChosenSet);
        return inSample ? s.InSample : s.OutOfSample;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.00%", CultureInfo.InvariantCulture) : "-";

    private static string Num(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
