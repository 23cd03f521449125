namespace KisTrader.Core.Indicators;

/// <summary>EMA with k = 2 / (period + 1), seeded with the simple average of the first <c>period</c> values (the
/// usual convention, and LEAN's), so the value is defined from warm-up on.</summary>
public sealed class ExponentialMovingAverage : ValueIndicator
{
    private readonly decimal _k;
    private decimal _seedSum;

    public ExponentialMovingAverage(int period) : base($"EMA({period})", period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _k = 2m / (period + 1);
    }

    public int Period { get; }

    protected override decimal ComputeNext(decimal value)
    {
        if (Samples <= Period)
        {
            _seedSum += value;
            return _seedSum / Samples;
        }
        return Current + _k * (value - Current);
    }

    public override void Reset()
    {
        base.Reset();
        _seedSum = 0m;
    }
}
