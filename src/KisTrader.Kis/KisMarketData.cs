using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis;

/// <summary>Market data over KIS REST. Rankings are real-only at KIS: paper and the simulator compute them from the
/// realtime universe (<see cref="TickCache"/>) and say so with <see cref="DataSource.Computed"/>.</summary>
public sealed class KisMarketData(KisRestApi api, TickCache ticks) : IMarketData, IIndexChart, IRawPriceChart, IInstrumentMarkets
{
    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => api.InquirePriceAsync(ticker, ct);

    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => api.InquireInstrumentNameAsync(ticker, ct);

    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => api.InquireCcnlAsync(ticker, ct);

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default) =>
        period == BarPeriod.Minute
            ? throw new ArgumentException("Minute bars are today's only: use GetMinuteBarsAsync.", nameof(period))
            : api.InquireDailyBarsAsync(ticker, from, to, period, ct);

    public Task<KrxMarket?> GetMarketAsync(string ticker, CancellationToken ct = default) => api.InquireInstrumentMarketAsync(ticker, ct);

    public Task<IReadOnlyList<Bar>> GetRawDailyBarsAsync(string ticker, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        api.InquireDailyBarsAsync(ticker, from, to, BarPeriod.Day, ct, adjusted: false);

    public Task<IReadOnlyList<Bar>> GetIndexBarsAsync(string indexCode, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        api.InquireDailyIndexBarsAsync(indexCode, from, to, ct);

    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => api.InquireMinuteBarsAsync(ticker, until, ct);

    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => api.InquireAskingPriceAsync(ticker, ct);

    public async Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A ranking needs at least one entry.");
        if (api.IsPaper) return ComputedRanking(kind, count);
        var entries = kind switch
        {
            RankingKind.Volume => await api.VolumeRankAsync(ct).ConfigureAwait(false),
            RankingKind.Gainers => await api.FluctuationAsync(losers: false, ct).ConfigureAwait(false),
            _ => await api.FluctuationAsync(losers: true, ct).ConfigureAwait(false),
        };
        return new Ranking(kind, DataSource.Broker, entries.Take(count).ToList());
    }

    private Ranking ComputedRanking(RankingKind kind, int count)
    {
        var all = ticks.All;
        IOrderedEnumerable<Tick> ordered = kind switch
        {
            RankingKind.Volume => all.OrderByDescending(t => t.CumulativeVolume),
            RankingKind.Gainers => all.Where(t => t.ChangeRatePercent > 0).OrderByDescending(t => t.ChangeRatePercent),
            _ => all.Where(t => t.ChangeRatePercent < 0).OrderBy(t => t.ChangeRatePercent),
        };
        var entries = ordered.ThenBy(t => t.Ticker, StringComparer.Ordinal).Take(count)
            .Select((t, i) => new RankingEntry(i + 1, t.Ticker, t.Ticker, t.Price, t.Change, t.ChangeRatePercent, t.CumulativeVolume, t.CumulativeValue))
            .ToList();
        return new Ranking(kind, DataSource.Computed, entries);
    }
}
