using System.Globalization;

namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>One option's value in a parameter set.</summary>
public sealed record ParameterValue(string Name, decimal Value)
{
    public override string ToString() => Name + "=" + Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One combination of the grid, numbered in the grid's order (the tie-breaker of every ranking).</summary>
public sealed record ParameterSet(int Index, IReadOnlyList<ParameterValue> Values)
{
    /// <summary>"Name=v;Name2=w", or "configured" for the empty set (the configuration's own options).</summary>
    public string Label => Values.Count == 0 ? "configured" : string.Join(";", Values.Select(v => v.ToString()));
}

/// <summary>One swept option and its values, in the order given.</summary>
public sealed record ParameterAxis(string Name, IReadOnlyList<decimal> Values);

/// <summary>
/// The parameter sets of a sweep: the Cartesian product of the axes, first axis slowest, in the order written
/// (<c>"MomentumMinChangePercent=0.5,1;TakeProfitPercent=8,10"</c> gives 0.5/8, 0.5/10, 1/8, 1/10). No axes: one empty set,
/// the configuration as it is. Values are parsed with the invariant culture; the grid is capped at <see cref="MaxSets"/>.
/// </summary>
public sealed class ParameterGrid
{
    public const int MaxSets = 10_000;

    public ParameterGrid(IReadOnlyList<ParameterAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        Axes = axes;
        long count = 1;
        foreach (var a in axes)
        {
            if (a.Values.Count == 0) throw new FormatException($"{a.Name} has no values.");
            count *= a.Values.Count;
            if (count > MaxSets) throw new FormatException($"The sweep has more than {MaxSets} parameter sets: narrow it.");
        }
        Sets = Enumerate();
    }

    public static ParameterGrid Empty { get; } = new([]);

    public IReadOnlyList<ParameterAxis> Axes { get; }

    public IReadOnlyList<ParameterSet> Sets { get; }

    /// <summary>Parses <c>Name=v1,v2;Name2=a,b</c>. Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ParameterGrid Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Empty;
        var axes = new List<ParameterAxis>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new FormatException($"'{part}' is not Name=v1,v2.");
            var given = part[..eq].Trim();
            var name = RulesParameters.Canonical(given)
                ?? throw new FormatException($"'{given}' is not a rules-engine option that can be swept (one of {string.Join(", ", RulesParameters.Names)}).");
            if (axes.Any(a => a.Name == name)) throw new FormatException($"{name} is given twice.");
            var values = new List<decimal>();
            foreach (var raw in part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
                    throw new FormatException($"{name}: '{raw}' is not a number.");
                if (RulesParameters.IsInteger(name) && v != decimal.Truncate(v)) throw new FormatException($"{name}: '{raw}' must be a whole number.");
                if (values.Contains(v)) throw new FormatException($"{name}: {raw} is given twice.");
                values.Add(v);
            }
            if (values.Count == 0) throw new FormatException($"{name} has no values.");
            axes.Add(new ParameterAxis(name, values));
        }
        return new ParameterGrid(axes);
    }

    private List<ParameterSet> Enumerate()
    {
        var sets = new List<ParameterSet>();
        var digits = new int[Axes.Count];
        while (true)
        {
            sets.Add(new ParameterSet(sets.Count, [.. Axes.Select((a, i) => new ParameterValue(a.Name, a.Values[digits[i]]))]));
            var k = Axes.Count - 1;
            while (k >= 0 && ++digits[k] == Axes[k].Values.Count) digits[k--] = 0;
            if (k < 0) return sets;
        }
    }
}
