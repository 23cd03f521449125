using KisTrader.Core.Market;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;

namespace KisTrader.Core.Ml.Datasets;

/// <summary>Builds the labelled rows: for each instrument and each of its sessions in [from, to], the features from
/// what was visible at that session's close (<see cref="FeatureHistory.InputAt"/>, the same call a backtest makes) and
/// the label from the sessions after it, net of the costs of the instrument's market on the sell date.</summary>
public sealed class DatasetBuilder(IFeatureExtractor extractor, LabelSpec? spec = null, TradingCosts? costs = null)
{
    public LabelSpec Spec { get; } = spec ?? new LabelSpec();

    private readonly TradingCosts _costs = costs ?? new TradingCosts();

    /// <summary>Instruments built at the same time (each row is independent of the others; the dataset sorts them, so
    /// the result does not depend on this). Features cost about a millisecond a row, mostly the indicators' decimals.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public MlDataset Build(FeatureHistory history, DateOnly from, DateOnly to, IReadOnlyCollection<string>? tickers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (from > to) throw new ArgumentException($"From {from:yyyy-MM-dd} is after to {to:yyyy-MM-dd}.", nameof(from));
        var list = (tickers ?? history.Instruments.Tickers).ToList();
        var perTicker = new (List<MlRow> Rows, int Unlabelled)[list.Count];
        Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Parallelism), CancellationToken = ct },
            k => perTicker[k] = BuildOne(history, list[k], from, to));
        return new MlDataset(extractor.Schema, [.. perTicker.SelectMany(p => p.Rows)], perTicker.Sum(p => p.Unlabelled));
    }

    private (List<MlRow> Rows, int Unlabelled) BuildOne(FeatureHistory history, string ticker, DateOnly from, DateOnly to)
    {
        var rows = new List<MlRow>();
        var unlabelled = 0;
        var market = history.Instruments.Instrument(ticker).Market;
        foreach (var date in history.Sessions(ticker))
        {
            if (date < from || date > to) continue;
            var label = ForwardLabel.From(history.SessionsAfter(ticker, date, Spec.Horizon), Spec, market, _costs);
            if (label is null)
            {
                unlabelled++;
                continue;
            }
            var features = extractor.Compute(history.InputAt(ticker, KrxCalendar.CloseOn(date)));
            if (features.Length != extractor.Schema.Count)
                throw new InvalidOperationException($"{extractor.Schema.Id} returned {features.Length} values for {extractor.Schema.Count} columns.");
            rows.Add(new MlRow(ticker, date, features, label));
        }
        return (rows, unlabelled);
    }
}
