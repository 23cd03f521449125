namespace KisTrader.Core.Indicators;

/// <summary>MACD = EMA(fast) − EMA(slow); the signal line is an EMA of MACD that starts once the slow EMA is ready;
/// histogram = MACD − signal. <see cref="ValueIndicator.Current"/> is the MACD line. Ready when the signal is.</summary>
public sealed class MovingAverageConvergenceDivergence : ValueIndicator
{
    private readonly ExponentialMovingAverage _fast;
    private readonly ExponentialMovingAverage _slow;

    public MovingAverageConvergenceDivergence(int fast = 12, int slow = 26, int signal = 9)
        : base($"MACD({fast},{slow},{signal})", slow + signal - 1)
    {
        if (fast >= slow) throw new ArgumentOutOfRangeException(nameof(fast), fast, "The fast period must be shorter than the slow one.");
        _fast = new ExponentialMovingAverage(fast);
        _slow = new ExponentialMovingAverage(slow);
        Signal = new ExponentialMovingAverage(signal);
    }

    public ExponentialMovingAverage Signal { get; }
    public decimal Histogram => Current - Signal.Current;

    protected override decimal ComputeNext(decimal value)
    {
        _fast.Update(value);
        _slow.Update(value);
        var macd = _fast.Current - _slow.Current;
        if (_slow.IsReady) Signal.Update(macd);
        return macd;
    }

    public override void Reset()
    {
        base.Reset();
        _fast.Reset();
        _slow.Reset();
        Signal.Reset();
    }
}
