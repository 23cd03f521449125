namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>What a sweep maximises.</summary>
public enum SweepObjective
{
    /// <summary>Annualised Sharpe ratio; a run with no variation in equity (no trade) scores 0.</summary>
    Sharpe,
    /// <summary>Annualised Sortino ratio; no downside scores 0.</summary>
    Sortino,
    /// <summary>Total return net of all costs.</summary>
    Return,
}

public static class SweepObjectives
{
    /// <summary>The score to maximise; never NaN (an undefined result scores minus infinity, so it ranks last).</summary>
    public static double Score(this SweepObjective objective, BacktestMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var s = objective switch
        {
            SweepObjective.Sharpe => m.Sharpe ?? 0d,
            SweepObjective.Sortino => m.Sortino ?? 0d,
            SweepObjective.Return => m.TotalReturn,
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, null),
        };
        return double.IsNaN(s) ? double.NegativeInfinity : s;
    }

    public static string Name(this SweepObjective objective) => objective.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out SweepObjective objective)
    {
        foreach (var o in Enum.GetValues<SweepObjective>())
            if (string.Equals(o.Name(), text, StringComparison.OrdinalIgnoreCase)) { objective = o; return true; }
        objective = SweepObjective.Sharpe;
        return false;
    }
}
