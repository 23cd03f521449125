namespace KisTrader.Core.Ml.Features;

/// <summary>A named, versioned list of feature columns. A model is trained on one schema and may only score rows of the
/// same <see cref="Id"/>: adding, removing, reordering or changing the meaning of a column needs a new version.</summary>
public sealed record FeatureSchema(string Name, int Version, IReadOnlyList<string> Columns)
{
    public string Id => $"{Name}/v{Version}";

    public int Count => Columns.Count;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], column, StringComparison.Ordinal)) return i;
        throw new ArgumentException($"Feature schema {Id} has no column '{column}'.", nameof(column));
    }

    /// <summary>This schema with more columns after its own (a new name and version: the rows differ).</summary>
    public FeatureSchema Extend(string name, int version, params string[] columns) => new(name, version, [.. Columns, .. columns]);
}
