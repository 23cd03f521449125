namespace KisTrader.Core.Indicators;

/// <summary>Middle = SMA(period); bands = middle ± k × the population standard deviation of the same window (Bollinger's
/// definition). <see cref="ValueIndicator.Current"/> is the middle band.</summary>
public sealed class BollingerBands : ValueIndicator
{
    private readonly Queue<decimal> _window = new();
    private readonly decimal _k;

    public BollingerBands(int period = 20, decimal k = 2m) : base($"BB({period},{k})", period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _k = k;
    }

    public int Period { get; }
    public decimal StandardDeviation { get; private set; }
    public decimal Upper => Current + _k * StandardDeviation;
    public decimal Lower => Current - _k * StandardDeviation;

    protected override decimal ComputeNext(decimal value)
    {
        _window.Enqueue(value);
        if (_window.Count > Period) _window.Dequeue();
        var mean = _window.Sum() / _window.Count;
        var variance = _window.Sum(v => (v - mean) * (v - mean)) / _window.Count;
        StandardDeviation = DecimalMath.Sqrt(variance);
        return mean;
    }

    public override void Reset()
    {
        base.Reset();
        _window.Clear();
        StandardDeviation = 0m;
    }
}
