using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>
/// Seeded daily history: a latent log-price process mean-reverting to the instrument's price level, with
/// regimes. Bars are that process seen through each day's tick grid and ±30% limits; the grid never feeds
/// back into the process, so the n-th bar's move is the same whatever date it falls on (the tick table
/// changed in 2023). With a fixed number of days the market's shape therefore does not depend on today.
/// </summary>
public static class HistoryGenerator
{
    private const double Reversion = 0.03;

    /// <summary>The last <paramref name="days"/> business days before <paramref name="endExclusive"/>.</summary>
    public static List<DailyBar> GenerateDays(SimulatedInstrument instrument, int seed, int days, DateOnly endExclusive) =>
        Generate(instrument, seed, TradingCalendar.BusinessDaysBefore(endExclusive, days), endExclusive);

    public static List<DailyBar> Generate(SimulatedInstrument instrument, int seed, DateOnly start, DateOnly endExclusive)
    {
        var rng = SeededRandom.For(seed, instrument.Code, 1);
        var anchor = Math.Log((double)instrument.Price);
        var x = anchor + (rng.NextDouble() - 0.5) * 0.4;
        var regime = RegimeParameters.Next(rng);
        var regimeDays = rng.Next(10, 60);
        var prevClose = Snap(instrument, (decimal)Math.Exp(x), start);
        var bars = new List<DailyBar>();
        foreach (var day in TradingCalendar.BusinessDays(start, endExclusive))
        {
            if (--regimeDays <= 0) { regime = RegimeParameters.Next(rng); regimeDays = rng.Next(10, 60); }
            var bar = NextDay(instrument, day, prevClose, ref x, anchor, regime, rng);
            bars.Add(bar);
            prevClose = bar.Close;
        }
        return bars;
    }

    /// <summary>One day continuing from <paramref name="prevClose"/> (also used to fill days the simulator was not running).</summary>
    public static DailyBar NextDay(SimulatedInstrument instrument, DateOnly day, decimal prevClose, ref double x, double anchor, Regime regime, Random rng)
    {
        var (drift, vol) = RegimeParameters.Daily(regime);
        var market = instrument.Market;
        var limits = KrxRules.DailyLimits(prevClose, market, InstrumentKind.Stock, day);
        x += Reversion * (anchor - x) + drift + vol * rng.NextGaussian();
        var close = Clamp(Snap(instrument, (decimal)Math.Exp(x), day), limits);
        var open = Clamp(Snap(instrument, prevClose * (decimal)(1 + 0.3 * vol * rng.NextGaussian()), day), limits);
        var top = Math.Max(open, close);
        var bottom = Math.Min(open, close);
        var high = Math.Min(limits.Upper, KrxRules.CeilingToTick(top * (decimal)(1 + Math.Abs(rng.NextGaussian()) * vol * 0.5), market, InstrumentKind.Stock, day));
        var low = Math.Max(limits.Lower, KrxRules.FloorToTick(Math.Max(1m, bottom * (decimal)(1 - Math.Abs(rng.NextGaussian()) * vol * 0.5)), market, InstrumentKind.Stock, day));
        high = Math.Max(high, top);
        low = Math.Min(low, bottom);
        var moveFactor = 1 + Math.Abs(Math.Log((double)(close / prevClose))) / Math.Max(vol, 1e-6);
        var volume = Math.Max(1L, (long)(instrument.DailyVolume * Math.Exp(0.3 * rng.NextGaussian()) * moveFactor * 0.7));
        var amount = Math.Round(volume * (open + high + low + close) / 4m, 0);
        return new DailyBar(day, open, high, low, close, volume, amount);
    }

    private static decimal Snap(SimulatedInstrument i, decimal price, DateOnly day) =>
        KrxRules.FloorToTick(Math.Max(1m, price), i.Market, InstrumentKind.Stock, day);

    private static decimal Clamp(decimal p, PriceLimits l) => Math.Min(l.Upper, Math.Max(l.Lower, p));
}
