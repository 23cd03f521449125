using KisTrader.Core.Market;

namespace KisTrader.Core.Indicators;

/// <summary>Wilder's ATR. True range = max(high − low, |high − previous close|, |low − previous close|) (the first bar:
/// high − low). The first ATR is the mean of the first <c>period</c> true ranges; then ATR = (ATR × (n − 1) + TR) / n.</summary>
public sealed class AverageTrueRange : BarIndicator
{
    private decimal? _previousClose;
    private decimal _trSum;

    public AverageTrueRange(int period = 14) : base($"ATR({period})", period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
    }

    public int Period { get; }
    public decimal TrueRange { get; private set; }

    protected override decimal ComputeNext(Bar bar)
    {
        TrueRange = _previousClose is { } pc
            ? Math.Max(bar.High - bar.Low, Math.Max(Math.Abs(bar.High - pc), Math.Abs(bar.Low - pc)))
            : bar.High - bar.Low;
        _previousClose = bar.Close;
        if (Samples <= Period)
        {
            _trSum += TrueRange;
            return _trSum / Samples;
        }
        return (Current * (Period - 1) + TrueRange) / Period;
    }

    public override void Reset()
    {
        base.Reset();
        _previousClose = null;
        _trSum = 0m;
        TrueRange = 0m;
    }
}
