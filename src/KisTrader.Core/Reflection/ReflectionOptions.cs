namespace KisTrader.Core.Reflection;

/// <summary>How the reflection graph looks at the record and what it may do on its own (configuration section
/// "Reflection", bound by the web project).</summary>
public sealed record ReflectionOptions
{
    /// <summary>The period M1 reports on, ending now.</summary>
    public int PeriodDays { get; init; } = 7;
    /// <summary>How far back buys are matched to the period's sells, and how far back M2 and shadow evaluation look.</summary>
    public int LookbackDays { get; init; } = 90;
    /// <summary>Fewest trades in a feature bucket for an insight, and fewest matched trades for auto-adoption.</summary>
    public int MinTrades { get; init; } = 3;
    /// <summary>Adopt a valid, shadow-positive rule without an admin.</summary>
    public bool AutoAdopt { get; init; } = true;
    public int MaxRulesPerRun { get; init; } = 3;
    /// <summary>How much deeper (fraction points) a rule may make the look-back backtest's maximum drawdown and still be
    /// adopted automatically: 0.005 = half a percentage point.</summary>
    public double BacktestDrawdownTolerance { get; init; } = 0.005;
}
