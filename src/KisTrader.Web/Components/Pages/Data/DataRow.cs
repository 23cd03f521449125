using KisTrader.Core.History;

namespace KisTrader.Web.Components.Pages.Data;

/// <summary>One instrument (or index) on the Data page: its daily and minute coverage, the source of its latest daily
/// bar, and its data-quality report.</summary>
public sealed record DataRow(string Ticker, HistoryCoverage? Daily, HistoryCoverage? Minute, string? Source, DataQualityReport? Quality)
{
    /// <summary>The instrument's stored market ("KOSPI", "KOSDAQ", "KONEX"); null when none is stored (a backtest takes KOSPI).</summary>
    public string? Market { get; init; }

    public DateTimeOffset? LastCollectedAt => new[] { Daily?.LastCollectedAt, Minute?.LastCollectedAt }.Max();

    /// <summary>Joins the store's coverage with the quality reports and the latest sources, ordered by ticker.</summary>
    public static IReadOnlyList<DataRow> Join(IReadOnlyList<HistoryCoverage> coverage, IReadOnlyList<DataQualityReport> quality,
        IReadOnlyDictionary<string, string> sources, IReadOnlyList<HistoryInstrument>? instruments = null) =>
        [.. coverage.Select(c => c.Ticker).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(t => new DataRow(t,
            coverage.FirstOrDefault(c => c.Ticker == t && c.Resolution == BarResolution.Day),
            coverage.FirstOrDefault(c => c.Ticker == t && c.Resolution == BarResolution.Minute),
            sources.GetValueOrDefault(t),
            quality.FirstOrDefault(q => q.Ticker == t))
        {
            Market = instruments?.FirstOrDefault(i => i.Ticker == t) is { } i ? HistoryCsv.Name(i.Market) : null,
        })];
}
