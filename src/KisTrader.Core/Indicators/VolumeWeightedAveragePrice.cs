using KisTrader.Core.Market;

namespace KisTrader.Core.Indicators;

/// <summary>Intraday VWAP: Σ(typical price × volume) / Σ volume with typical = (high + low + close) / 3, starting over at
/// each new KST trading date. Bars without volume do not move it; before any volume it reads the last typical price.</summary>
public sealed class VolumeWeightedAveragePrice : BarIndicator
{
    private DateOnly? _day;
    private decimal _priceVolume;
    private long _volume;

    public VolumeWeightedAveragePrice() : base("VWAP", 1)
    {
    }

    protected override decimal ComputeNext(Bar bar)
    {
        if (_day != bar.Date)
        {
            _day = bar.Date;
            _priceVolume = 0m;
            _volume = 0;
        }
        var typical = (bar.High + bar.Low + bar.Close) / 3m;
        _priceVolume += typical * bar.Volume;
        _volume += bar.Volume;
        return _volume > 0 ? _priceVolume / _volume : typical;
    }

    public override void Reset()
    {
        base.Reset();
        _day = null;
        _priceVolume = 0m;
        _volume = 0;
    }
}
