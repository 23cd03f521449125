using KisTrader.Core.Market;

namespace KisTrader.Core.Indicators;

/// <summary>Granville's OBV: starts at 0 on the first bar, then adds the bar's volume on an up close, subtracts it on a
/// down close and keeps it on an unchanged close. Ready after two bars (one comparison).</summary>
public sealed class OnBalanceVolume : BarIndicator
{
    private decimal? _previousClose;

    public OnBalanceVolume() : base("OBV", 2)
    {
    }

    protected override decimal ComputeNext(Bar bar)
    {
        var obv = Current;
        if (_previousClose is { } pc)
        {
            if (bar.Close > pc) obv += bar.Volume;
            else if (bar.Close < pc) obv -= bar.Volume;
        }
        _previousClose = bar.Close;
        return obv;
    }

    public override void Reset()
    {
        base.Reset();
        _previousClose = null;
    }
}
