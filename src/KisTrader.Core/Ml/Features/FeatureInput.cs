using KisTrader.Core.Market;

namespace KisTrader.Core.Ml.Features;

/// <summary>
/// Everything a feature may read for one instrument at one instant: its daily bars visible at <see cref="AsOf"/>
/// (oldest first, split-adjusted as of the newest of them), the KOSPI and KOSDAQ index bars visible then, and the
/// market breadth of the sessions closed by then. The constructor refuses any bar or breadth point whose session closes
/// after <see cref="AsOf"/>, so a feature computed from an input cannot see the future through it. Training, backtests
/// and live analysis all build this same input (from <see cref="FeatureHistory"/> or from live bars) and call the same
/// <see cref="IFeatureExtractor"/>.
/// </summary>
public sealed class FeatureInput
{
    public FeatureInput(string ticker, DateTimeOffset asOf, IReadOnlyList<Bar> bars, IReadOnlyList<Bar> kospi, IReadOnlyList<Bar> kosdaq,
        IReadOnlyList<BreadthPoint> breadth)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticker);
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(kospi);
        ArgumentNullException.ThrowIfNull(kosdaq);
        ArgumentNullException.ThrowIfNull(breadth);
        Check(ticker, bars, asOf);
        Check(Ml.Features.MarketIndexSeries.Kospi, kospi, asOf);
        Check(Ml.Features.MarketIndexSeries.Kosdaq, kosdaq, asOf);
        for (var i = 0; i < breadth.Count; i++)
        {
            if (KrxCalendar.CloseOn(breadth[i].Date) > asOf)
                throw new LookAheadException($"Breadth of {breadth[i].Date:yyyy-MM-dd} is not known at {asOf:O}.");
            if (i > 0 && breadth[i - 1].Date >= breadth[i].Date) throw new ArgumentException("Breadth points must be oldest first, one per session.", nameof(breadth));
        }
        Ticker = ticker;
        AsOf = asOf;
        Bars = bars;
        Kospi = kospi;
        Kosdaq = kosdaq;
        Breadth = breadth;
    }

    public string Ticker { get; }
    public DateTimeOffset AsOf { get; }
    public IReadOnlyList<Bar> Bars { get; }
    public IReadOnlyList<Bar> Kospi { get; }
    public IReadOnlyList<Bar> Kosdaq { get; }
    public IReadOnlyList<BreadthPoint> Breadth { get; }

    private static void Check(string name, IReadOnlyList<Bar> bars, DateTimeOffset asOf)
    {
        for (var i = 0; i < bars.Count; i++)
        {
            if (KrxCalendar.CloseOn(bars[i].Date) > asOf)
                throw new LookAheadException($"{name}: the bar of {bars[i].Date:yyyy-MM-dd} closes after {asOf:O} and may not be read then.");
            if (i > 0 && bars[i - 1].Date >= bars[i].Date)
                throw new ArgumentException($"{name}: bars must be daily and oldest first ({bars[i - 1].Date:yyyy-MM-dd} then {bars[i].Date:yyyy-MM-dd}).");
        }
    }
}

/// <summary>Labels for the index series in messages.</summary>
internal static class MarketIndexSeries
{
    public const string Kospi = "KOSPI";
    public const string Kosdaq = "KOSDAQ";
}
