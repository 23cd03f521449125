namespace KisTrader.Core.Indicators;

/// <summary>Middle = SMA(period); bands = middle ± k × the population standard deviation of the same window (Bollinger's
/// definition). <see cref="ValueIndicator.Current"/> is the middle band.</summary>
public sealed class BollingerBands : ValueIndicator
{
    private readonly Queue<decimal> _window = new();
    private readonly decimal _k;
    private decimal? _deviation;

    public BollingerBands(int period = 20, decimal k = 2m) : base($"BB({period},{k})", period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _k = k;
    }

    public int Period { get; }

    /// <summary>The window's population standard deviation, computed when read (from the same window and mean as
    /// before): a caller that feeds a long series and reads the bands once pays for one square root, not one per value.</summary>
    public decimal StandardDeviation => _deviation ??= Deviation();
    public decimal Upper => Current + _k * StandardDeviation;
    public decimal Lower => Current - _k * StandardDeviation;

    protected override decimal ComputeNext(decimal value)
    {
        _window.Enqueue(value);
        if (_window.Count > Period) _window.Dequeue();
        _deviation = null;
        return _window.Sum() / _window.Count;
    }

    private decimal Deviation()
    {
        if (_window.Count == 0) return 0m;
        var mean = Current;
        var variance = 0m;
        foreach (var v in _window) variance += (v - mean) * (v - mean);
        return DecimalMath.Sqrt(variance / _window.Count);
    }

    public override void Reset()
    {
        base.Reset();
        _window.Clear();
        _deviation = null;
    }
}
