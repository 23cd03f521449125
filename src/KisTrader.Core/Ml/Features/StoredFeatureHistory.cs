using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Ml.Features;

/// <summary>Loads a <see cref="FeatureHistory"/> from the history store, the one read training (the <c>train</c>
/// command, the retraining service) and drift monitoring share: the daily bars of the instruments and both indexes from
/// <see cref="FeatureHistory.LookbackDays"/> before <paramref name="from"/> (the features look back a year and more) to
/// <paramref name="to"/>, as visible at <paramref name="asOf"/>, with the stored markets.</summary>
public static class StoredFeatureHistory
{
    public static async Task<FeatureHistory> LoadAsync(IMarketHistory store, IReadOnlyCollection<string>? tickers, DateOnly from, DateOnly to,
        DateTimeOffset asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyCollection<string>? wanted = tickers is null ? null : [.. tickers, MarketIndexes.Kospi, MarketIndexes.Kosdaq];
        var rows = await store.ReadAsync(HistoryQuery.Daily(wanted, from.AddDays(-FeatureHistory.LookbackDays), to, asOf), ct).ConfigureAwait(false);
        var instruments = (await store.InstrumentsAsync(ct).ConfigureAwait(false)).Select(i => new BacktestInstrument(i.Ticker, i.Ticker, i.Market));
        return FeatureHistory.FromRows(rows, instruments);
    }
}
