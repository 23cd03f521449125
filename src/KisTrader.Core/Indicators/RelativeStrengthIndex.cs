namespace KisTrader.Core.Indicators;

/// <summary>Wilder's RSI: the first average gain and loss are simple means of the first <c>period</c> changes, later ones
/// are smoothed as avg = (avg × (n − 1) + x) / n. Needs period + 1 values. A series with no losses reads 100, no gains 0,
/// and a flat series (neither) 50: neutral, rather than dividing by zero.</summary>
public sealed class RelativeStrengthIndex : ValueIndicator
{
    private decimal? _previous;
    private decimal _gainSum, _lossSum;

    public RelativeStrengthIndex(int period = 14) : base($"RSI({period})", period + 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
    }

    public int Period { get; }
    public decimal AverageGain { get; private set; }
    public decimal AverageLoss { get; private set; }

    protected override decimal ComputeNext(decimal value)
    {
        if (_previous is not { } previous)
        {
            _previous = value;
            return 0m;
        }
        _previous = value;
        var change = value - previous;
        var gain = change > 0 ? change : 0m;
        var loss = change < 0 ? -change : 0m;
        var changes = Samples - 1;
        if (changes < Period)
        {
            _gainSum += gain;
            _lossSum += loss;
            return 0m;
        }
        if (changes == Period)
        {
            AverageGain = (_gainSum + gain) / Period;
            AverageLoss = (_lossSum + loss) / Period;
        }
        else
        {
            AverageGain = (AverageGain * (Period - 1) + gain) / Period;
            AverageLoss = (AverageLoss * (Period - 1) + loss) / Period;
        }
        if (AverageLoss == 0m) return AverageGain == 0m ? 50m : 100m;
        var rs = AverageGain / AverageLoss;
        return 100m - 100m / (1m + rs);
    }

    public override void Reset()
    {
        base.Reset();
        _previous = null;
        _gainSum = _lossSum = 0m;
        AverageGain = AverageLoss = 0m;
    }
}
