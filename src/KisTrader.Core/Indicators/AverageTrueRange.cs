using KisTrader.Core.Market;

namespace KisTrader.Core.Indicators;

/// <summary>Wilder's ATR as TA-Lib and technicalindicators compute it. True range = max(high − low, |high − previous
/// close|, |low − previous close|), so the first bar, without a previous close, gives none. The first ATR is the mean of
/// the first <c>period</c> true ranges (bars 2 … period + 1); then ATR = (ATR × (n − 1) + TR) / n. Ready after
/// period + 1 bars.</summary>
public sealed class AverageTrueRange : BarIndicator
{
    private decimal? _previousClose;
    private decimal _trSum;

    public AverageTrueRange(int period = 14) : base($"ATR({period})", period + 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
    }

    public int Period { get; }

    /// <summary>The latest true range; 0 until the second bar.</summary>
    public decimal TrueRange { get; private set; }

    protected override decimal ComputeNext(Bar bar)
    {
        if (_previousClose is not { } pc)
        {
            _previousClose = bar.Close;
            return 0m;
        }
        _previousClose = bar.Close;
        TrueRange = Math.Max(bar.High - bar.Low, Math.Max(Math.Abs(bar.High - pc), Math.Abs(bar.Low - pc)));
        var ranges = Samples - 1;
        if (ranges <= Period)
        {
            // Before warm-up, the mean of the ranges so far (not ready); at warm-up, the seed.
            _trSum += TrueRange;
            return _trSum / ranges;
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
