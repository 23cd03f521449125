using System.Globalization;

namespace KisTrader.Tests.Core.Indicators;

/// <summary>A golden CSV written by Golden/generate.mjs: a key column (date or time) and one column per indicator
/// output, one row per input bar; an empty cell is a bar where the reference library gives no value (warm-up).</summary>
internal sealed class GoldenTable
{
    private readonly Dictionary<string, decimal?[]> _columns;

    private GoldenTable(IReadOnlyList<string> keys, Dictionary<string, decimal?[]> columns)
    {
        Keys = keys;
        _columns = columns;
    }

    public IReadOnlyList<string> Keys { get; }

    public IReadOnlyList<decimal?> this[string column] =>
        _columns.TryGetValue(column, out var values) ? values : throw new KeyNotFoundException($"no column {column} in the golden file");

    public static GoldenTable Load(string file)
    {
        var lines = File.ReadAllLines(GoldenBars.PathOf(file)).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var columns = new Dictionary<string, decimal?[]>(StringComparer.Ordinal);
        for (var c = 1; c < header.Length; c++)
        {
            // Doubles as JavaScript prints them (shortest round trip, exponent form possible).
            columns[header[c]] = rows.Select(r => r[c].Length == 0 ? (decimal?)null
                : decimal.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        return new GoldenTable(rows.Select(r => r[0]).ToList(), columns);
    }
}
