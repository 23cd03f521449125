namespace KisTrader.Core.Execution;

/// <summary>How much worse than the plan's limit price an order may be sent (Trading:MaxSlippageTicks,
/// Trading:MaxSlippagePercent). Both bounds hold at once: the tighter one decides, because each of them is a promise to
/// the user ("never more than 2 ticks", "never more than 0.5%"), and the looser one would break the other promise
/// (2 ticks are 1% of a 1,000-won stock; 0.5% is 5 ticks of a 100,000-won one).</summary>
public sealed record SlippageBound(int MaxTicks = 2, decimal MaxPercent = 0.5m)
{
    public override string ToString() => $"{MaxTicks} tick(s) and {MaxPercent:0.##}%";
}
