namespace KisTrader.Core.Indicators;

/// <summary>Decimal helpers the BCL lacks.</summary>
public static class DecimalMath
{
    /// <summary>Square root by Newton's iteration in decimal, started from the double estimate (the only place a double
    /// appears, as a first guess; the result is refined in decimal to full precision).</summary>
    public static decimal Sqrt(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0m) return 0m;
        var x = (decimal)Math.Sqrt((double)value);
        if (x == 0m) x = value;
        for (var i = 0; i < 20; i++)
        {
            var next = (x + value / x) / 2m;
            if (next == x) break;
            x = next;
        }
        return x;
    }
}
