namespace KisTrader.Core.Indicators;

/// <summary>The mean of the last <c>period</c> values. Before warm-up, the mean of what arrived so far.</summary>
public sealed class SimpleMovingAverage : ValueIndicator
{
    private readonly Queue<decimal> _window = new();
    private decimal _sum;

    public SimpleMovingAverage(int period) : base($"SMA({period})", period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
    }

    public int Period { get; }

    protected override decimal ComputeNext(decimal value)
    {
        _window.Enqueue(value);
        _sum += value;
        if (_window.Count > Period) _sum -= _window.Dequeue();
        return _sum / _window.Count;
    }

    public override void Reset()
    {
        base.Reset();
        _window.Clear();
        _sum = 0m;
    }
}
