namespace KisTrader.Core.Indicators;

/// <summary>The shape every streaming indicator shares (after LEAN): feed the next value, read <see cref="Current"/>
/// once <see cref="IsReady"/>, start over with <see cref="Reset"/>. Arithmetic is decimal throughout.</summary>
public interface IIndicator
{
    string Name { get; }

    /// <summary>True once enough samples arrived for <see cref="Current"/> to mean what the indicator promises.</summary>
    bool IsReady { get; }

    /// <summary>Samples needed before <see cref="IsReady"/>.</summary>
    int WarmUpPeriod { get; }

    /// <summary>Samples seen since construction or the last reset.</summary>
    int Samples { get; }

    /// <summary>The latest value; 0 until the first value can be computed.</summary>
    decimal Current { get; }

    void Reset();
}

/// <summary>An indicator fed one value (usually a close) at a time.</summary>
public abstract class ValueIndicator(string name, int warmUpPeriod) : IIndicator
{
    public string Name { get; } = name;
    public int WarmUpPeriod { get; } = warmUpPeriod;
    public int Samples { get; private set; }
    public decimal Current { get; private set; }
    public virtual bool IsReady => Samples >= WarmUpPeriod;

    /// <summary>Feeds the next value and returns the new <see cref="Current"/>.</summary>
    public decimal Update(decimal value)
    {
        Samples++;
        Current = ComputeNext(value);
        return Current;
    }

    protected abstract decimal ComputeNext(decimal value);

    public virtual void Reset()
    {
        Samples = 0;
        Current = 0m;
    }
}

/// <summary>An indicator fed one OHLCV bar at a time (ATR, VWAP, OBV).</summary>
public abstract class BarIndicator(string name, int warmUpPeriod) : IIndicator
{
    public string Name { get; } = name;
    public int WarmUpPeriod { get; } = warmUpPeriod;
    public int Samples { get; private set; }
    public decimal Current { get; private set; }
    public virtual bool IsReady => Samples >= WarmUpPeriod;

    public decimal Update(Market.Bar bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        Samples++;
        Current = ComputeNext(bar);
        return Current;
    }

    protected abstract decimal ComputeNext(Market.Bar bar);

    public virtual void Reset()
    {
        Samples = 0;
        Current = 0m;
    }
}
