using System.Globalization;

namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>A calendar length for walk-forward windows: whole months (<c>6m</c>, <c>2y</c> = 24 months) or whole days
/// (<c>90d</c>, <c>4w</c> = 28 days).</summary>
public readonly record struct PeriodLength(int Months, int Days)
{
    public static PeriodLength Parse(string text)
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        if (t.Length >= 2 && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1200)
        {
            switch (t[^1])
            {
                case 'y' when n <= 100: return new(n * 12, 0);
                case 'm': return new(n, 0);
                case 'w': return new(0, n * 7);
                case 'd': return new(0, n);
            }
        }
        throw new FormatException($"'{text}' is not a period: a whole number then y, m, w or d (2y, 6m, 4w, 90d).");
    }

    /// <summary><paramref name="date"/> moved by <paramref name="times"/> of this length (negative: back).</summary>
    public DateOnly Add(DateOnly date, int times = 1) => Months != 0 ? date.AddMonths(Months * times) : date.AddDays(Days * times);

    public override string ToString() => Months == 0 ? $"{Days}d" : Months % 12 == 0 ? $"{Months / 12}y" : $"{Months}m";
}
