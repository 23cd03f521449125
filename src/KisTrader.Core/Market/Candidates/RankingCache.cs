using KisTrader.Core.Ports;

namespace KisTrader.Core.Market.Candidates;

/// <summary>The volume and gainers rankings, read from the broker at most once per <see cref="CandidateOptions.RankingsRefresh"/>.
/// Each read is two REST calls through the client's rate limiter; a run every minute would otherwise spend them every
/// minute for lists that change slowly (the candidates' prices come from the analysis, never from the ranking). A failed
/// read is not cached: the next run asks again.</summary>
public sealed class RankingCache(IMarketData market, CandidateOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<Ranking> Rankings)? _last;

    /// <summary>The rankings and when they were read.</summary>
    public async Task<(DateTimeOffset At, IReadOnlyList<Ranking> Rankings)> GetAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < options.RankingsRefresh && now >= last.At) return last;
            var volume = await market.GetRankingAsync(RankingKind.Volume, options.RankingDepth, ct).ConfigureAwait(false);
            var gainers = await market.GetRankingAsync(RankingKind.Gainers, options.RankingDepth, ct).ConfigureAwait(false);
            _last = (now, [volume, gainers]);
            return _last.Value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
