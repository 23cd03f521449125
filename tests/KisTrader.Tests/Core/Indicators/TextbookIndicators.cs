using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Indicators;

/// <summary>Independent batch implementations written straight from the textbook definitions (whole series in, whole
/// series out, no shared code with the streaming indicators). null = not defined yet at that index.</summary>
internal static class TextbookIndicators
{
    public static decimal?[] Sma(IReadOnlyList<decimal> x, int n) =>
        x.Select((_, i) => i + 1 < n ? (decimal?)null : x.Skip(i + 1 - n).Take(n).Average()).ToArray();

    public static decimal?[] Ema(IReadOnlyList<decimal> x, int n)
    {
        var result = new decimal?[x.Count];
        var k = 2m / (n + 1);
        for (var i = n - 1; i < x.Count; i++)
            result[i] = i == n - 1 ? x.Take(n).Average() : result[i - 1]!.Value + k * (x[i] - result[i - 1]!.Value);
        return result;
    }

    public static decimal?[] RsiWilder(IReadOnlyList<decimal> x, int n)
    {
        var result = new decimal?[x.Count];
        var gains = x.Select((v, i) => i == 0 ? 0m : Math.Max(v - x[i - 1], 0m)).ToArray();
        var losses = x.Select((v, i) => i == 0 ? 0m : Math.Max(x[i - 1] - v, 0m)).ToArray();
        decimal ag = 0, al = 0;
        for (var i = n; i < x.Count; i++)
        {
            if (i == n)
            {
                ag = gains.Skip(1).Take(n).Sum() / n;
                al = losses.Skip(1).Take(n).Sum() / n;
            }
            else
            {
                ag = (ag * (n - 1) + gains[i]) / n;
                al = (al * (n - 1) + losses[i]) / n;
            }
            result[i] = al == 0 ? (ag == 0 ? 50m : 100m) : 100m - 100m / (1m + ag / al);
        }
        return result;
    }

    public static (decimal?[] Macd, decimal?[] Signal) Macd(IReadOnlyList<decimal> x, int fast, int slow, int signal)
    {
        var f = Ema(x, fast);
        var s = Ema(x, slow);
        var macd = x.Select((_, i) => s[i] is null ? (decimal?)null : f[i]!.Value - s[i]!.Value).ToArray();
        var defined = macd.Where(m => m is not null).Select(m => m!.Value).ToList();
        var sig = Ema(defined, signal);
        var offset = slow - 1;
        var signalSeries = new decimal?[x.Count];
        for (var i = 0; i < sig.Length; i++) signalSeries[i + offset] = sig[i];
        return (macd, signalSeries);
    }

    // Population standard deviation computed in double: an independent route to the same number.
    public static (double? Upper, double? Lower)[] Bollinger(IReadOnlyList<decimal> x, int n, double k) =>
        x.Select((_, i) =>
        {
            if (i + 1 < n) return ((double?)null, (double?)null);
            var w = x.Skip(i + 1 - n).Take(n).Select(v => (double)v).ToArray();
            var mean = w.Average();
            var sd = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / n);
            return (mean + k * sd, mean - k * sd);
        }).ToArray();

    public static decimal?[] AtrWilder(IReadOnlyList<Bar> bars, int n)
    {
        var tr = bars.Select((b, i) => i == 0 ? b.High - b.Low
            : new[] { b.High - b.Low, Math.Abs(b.High - bars[i - 1].Close), Math.Abs(b.Low - bars[i - 1].Close) }.Max()).ToArray();
        var result = new decimal?[bars.Count];
        for (var i = n - 1; i < bars.Count; i++)
            result[i] = i == n - 1 ? tr.Take(n).Average() : (result[i - 1]!.Value * (n - 1) + tr[i]) / n;
        return result;
    }

    public static decimal[] Obv(IReadOnlyList<Bar> bars)
    {
        var result = new decimal[bars.Count];
        for (var i = 1; i < bars.Count; i++)
            result[i] = result[i - 1] + Math.Sign(bars[i].Close - bars[i - 1].Close) * bars[i].Volume;
        return result;
    }
}
