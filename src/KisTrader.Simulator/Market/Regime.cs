namespace KisTrader.Simulator.Market;

/// <summary>Market regimes of the price process; each has its own drift and volatility.</summary>
public enum Regime
{
    Sideways,
    TrendUp,
    TrendDown,
    Volatile,
}

internal static class RegimeParameters
{
    // Daily log drift and volatility (model variables, not prices: double is fine here).
    public static (double Drift, double Vol) Daily(Regime r) => r switch
    {
        Regime.TrendUp => (0.004, 0.016),
        Regime.TrendDown => (-0.004, 0.018),
        Regime.Volatile => (0.0, 0.035),
        _ => (0.0, 0.012),
    };

    public static Regime Next(Random rng) => (Regime)rng.Next(4);
}
