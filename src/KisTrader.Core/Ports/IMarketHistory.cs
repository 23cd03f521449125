using KisTrader.Core.History;

namespace KisTrader.Core.Ports;

/// <summary>The market-history store: daily and minute bars per instrument and index (table <c>history_bars</c>).
/// Every read is point-in-time (<see cref="PointInTime"/>).</summary>
public interface IMarketHistory
{
    /// <summary>Writes <paramref name="bars"/> in one transaction: all or nothing. A bar with the key (ticker,
    /// resolution, time) of a stored one replaces it, so writing the same batch twice leaves the store as once.
    /// Returns how many bars were written.</summary>
    Task<int> UpsertAsync(IReadOnlyCollection<HistoryBar> bars, CancellationToken ct = default);

    /// <summary>The bars <paramref name="query"/> asks for that were available at its AsOf; ordered by ticker, then time.</summary>
    Task<IReadOnlyList<HistoryBar>> ReadAsync(HistoryQuery query, CancellationToken ct = default);

    /// <summary>What is stored per ticker and resolution, ordered by ticker then resolution.</summary>
    Task<IReadOnlyList<HistoryCoverage>> CoverageAsync(CancellationToken ct = default);

    /// <summary>Writes the instruments' markets (table <c>history_instruments</c>), replacing what is stored per ticker.</summary>
    Task UpsertInstrumentsAsync(IReadOnlyCollection<HistoryInstrument> instruments, CancellationToken ct = default);

    /// <summary>Every instrument whose market is stored, ordered by ticker.</summary>
    Task<IReadOnlyList<HistoryInstrument>> InstrumentsAsync(CancellationToken ct = default);

    /// <summary>Records a finished collection (table <c>history_collections</c>), so the last one outlives the process.</summary>
    Task SaveCollectionAsync(CollectionSummary summary, CancellationToken ct = default);

    /// <summary>The most recently finished collection recorded, or null.</summary>
    Task<CollectionSummary?> LastCollectionAsync(CancellationToken ct = default);

    /// <summary>Deletes every bar (all resolutions) of <paramref name="ticker"/>; returns how many.</summary>
    Task<int> DeleteAsync(string ticker, CancellationToken ct = default);
}
