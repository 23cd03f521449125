namespace KisTrader.Simulator.Market;

/// <summary>
/// The intraday latent price of one instrument: a target that drifts with the regime and reverts to the day's base, and
/// a traded ("fair") price that reverts to the target. Both are model variables in log space (double, not prices).
/// <see cref="Advance"/> takes any number of ticks in one exact step, so the catch-up of a day the simulator did not
/// see follows the same dynamics as the live market, tick by tick.
/// </summary>
internal static class IntradayProcess
{
    private const double FairReversion = 0.02;     // pull of the traded price towards the intraday target, per tick
    private const double TargetReversion = 0.001;  // pull of the target towards the day's base, per tick
    private const double FairVolatility = 0.0012;
    private const double TargetVolatility = 0.0002;

    private static (double Drift, double VolMultiplier) Parameters(Regime regime) => regime switch
    {
        Regime.TrendUp => (0.00003, 1.0),
        Regime.TrendDown => (-0.00003, 1.0),
        Regime.Volatile => (0.0, 2.5),
        _ => (0.0, 0.6),
    };

    /// <summary>Moves the target, then the traded price, by <paramref name="ticks"/> ticks (1 = one live step), inside the day's limits.</summary>
    public static void Advance(InstrumentState s, double ticks, Random rng)
    {
        var (drift, volMultiplier) = Parameters(s.Regime);
        var logBase = Math.Log((double)s.BasePrice);
        s.LogTarget = Ou(s.LogTarget, logBase + drift / TargetReversion, TargetReversion, TargetVolatility, ticks, rng);
        s.LogFair = Ou(s.LogFair, s.LogTarget, FairReversion, FairVolatility * volMultiplier, ticks, rng);
        // Stay inside the daily limits with a little room, so the book has both sides.
        var upper = Math.Log((double)s.Limits.Upper) - 0.002;
        var lower = Math.Log((double)s.Limits.Lower) + 0.002;
        s.LogFair = Math.Clamp(s.LogFair, lower, upper);
        s.LogTarget = Math.Clamp(s.LogTarget, lower, upper);
    }

    // x ← x + θ(μ − x) + σε applied n times, in closed form (for n = 1 exactly that update).
    private static double Ou(double x, double mean, double theta, double sigma, double n, Random rng)
    {
        var keep = n == 1 ? 1 - theta : Math.Pow(1 - theta, n);
        var spread = n == 1 ? sigma : sigma * Math.Sqrt((1 - keep * keep) / (1 - (1 - theta) * (1 - theta)));
        return mean + (x - mean) * keep + spread * rng.NextGaussian();
    }
}
