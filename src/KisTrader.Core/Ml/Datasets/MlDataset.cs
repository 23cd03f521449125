using KisTrader.Core.Ml.Features;

namespace KisTrader.Core.Ml.Datasets;

/// <summary>Labelled rows of one feature schema, oldest session first (ties by ticker), with what was missing: per
/// column the rows whose value could not be computed, and the sessions left out because too few sessions follow them
/// for a label.</summary>
public sealed class MlDataset
{
    public MlDataset(FeatureSchema schema, IReadOnlyList<MlRow> rows, int unlabelled = 0)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);
        var missing = new int[schema.Count];
        foreach (var row in rows)
        {
            if (row.Features.Length != schema.Count)
                throw new ArgumentException($"Row {row.Ticker} {row.Date:yyyy-MM-dd} has {row.Features.Length} features; schema {schema.Id} has {schema.Count}.", nameof(rows));
            for (var i = 0; i < missing.Length; i++)
                if (float.IsNaN(row.Features[i])) missing[i]++;
        }
        Schema = schema;
        Rows = [.. rows.OrderBy(r => r.Date).ThenBy(r => r.Ticker, StringComparer.Ordinal)];
        MissingByColumn = missing;
        Unlabelled = unlabelled;
    }

    public FeatureSchema Schema { get; }
    public IReadOnlyList<MlRow> Rows { get; }

    /// <summary>Per schema column, how many rows lack the value (NaN).</summary>
    public IReadOnlyList<int> MissingByColumn { get; }

    /// <summary>Rows with at least one missing value.</summary>
    public int RowsWithMissing => Rows.Count(r => r.Features.Any(float.IsNaN));

    /// <summary>Sessions without a label (the last ones of each instrument).</summary>
    public int Unlabelled { get; }

    /// <summary>The sessions present, oldest first.</summary>
    public IReadOnlyList<DateOnly> Sessions => [.. Rows.Select(r => r.Date).Distinct().Order()];

    public IEnumerable<(string Column, int Missing)> MissingReport() => Schema.Columns.Select((c, i) => (c, MissingByColumn[i]));
}
