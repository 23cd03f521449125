using System.Globalization;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Market.Candidates;

/// <summary>
/// Proposes a full run's candidates: the broker's volume and gainers rankings (<see cref="RankingCache"/>), minus what the
/// run analyses anyway (watchlist and holdings), minus what <see cref="InstrumentScreen"/> refuses, scored by the active ML
/// model (<see cref="IMlSignalScorer"/>); the best <see cref="CandidateOptions.Max"/> at or above
/// <see cref="CandidateOptions.MinProbability"/> are proposed, best first, and get realtime subscriptions as far as the
/// budget allows (<see cref="CandidateSubscriptions"/>).
/// Without an active model nothing is proposed: a ranking only says what moved, and buying yesterday's movers because they
/// moved is chasing, not a signal; the note says why. Rankings computed from our own feed (paper accounts: KIS has no
/// ranking function there) hold only tickers we already watch, so they propose nothing either. Never throws for a broker
/// or model failure: the run goes on over its watchlist, and the note says what failed.
/// </summary>
public sealed class RankingCandidateSource(RankingCache rankings, IMlSignalScorer scorer, CandidateSubscriptions subscriptions,
    ActiveCandidates active, CandidateOptions options, TimeProvider time)
{
    public async Task<CandidateProposal> ProposeAsync(IReadOnlyCollection<string> universe, PortfolioSnapshot? portfolio, CancellationToken ct = default)
    {
        var holdings = portfolio?.Positions.Where(p => p.Quantity > 0).Select(p => p.Ticker).ToList() ?? [];
        var proposal = await SelectAsync(universe, ct).ConfigureAwait(false);
        var (subscribed, slots, problem) = await subscriptions.UpdateAsync(proposal.Candidates.Select(c => c.Ticker).ToList(), universe, holdings, ct)
            .ConfigureAwait(false);
        var candidates = proposal.Candidates.Select(c => c with { Realtime = subscribed.Contains(c.Ticker) }).ToList();
        active.Set(candidates.Select(c => c.Ticker));
        if (candidates.Count == 0) return proposal;
        var realtime = candidates.Count(c => c.Realtime);
        var budget = realtime == candidates.Count
            ? " All have realtime quotes."
            : Invariant($" {realtime} of {candidates.Count} have realtime quotes ({slots} slot(s) left after the watchlist, holdings and order books); the rest are priced by REST.");
        return proposal with { Candidates = candidates, Note = proposal.Note + budget + (problem is null ? "" : $" The feed refused: {problem}") };
    }

    private async Task<CandidateProposal> SelectAsync(IReadOnlyCollection<string> universe, CancellationToken ct)
    {
        if (!options.Enabled) return new CandidateProposal([], "Candidates from rankings are switched off (Trading:Candidates:Enabled).");
        DateTimeOffset readAt;
        IReadOnlyList<Ranking> lists;
        try
        {
            (readAt, lists) = await rankings.GetAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new CandidateProposal([], $"No candidates: the broker's rankings could not be read ({ex.Message}).");
        }
        if (lists.All(l => l.Source != DataSource.Broker))
            return new CandidateProposal([], "No candidates: this account has no broker rankings (paper), and rankings computed from our own feed hold only tickers already watched.");

        // Each ticker once, from the ranking where it ranks best (volume first on a tie).
        var inUniverse = new HashSet<string>(universe, StringComparer.Ordinal);
        var rows = lists.Where(l => l.Source == DataSource.Broker)
            .SelectMany(l => l.Entries.Select(e => (Entry: e, Ranking: l.Kind == RankingKind.Volume ? "volume" : l.Kind.ToString().ToLowerInvariant())))
            .GroupBy(r => r.Entry.Ticker, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Entry.Rank).First())
            .ToList();
        var outside = rows.Where(r => !inUniverse.Contains(r.Entry.Ticker)).ToList();
        var refused = outside.Select(r => (r, Reason: InstrumentScreen.Refuse(r.Entry, options))).Where(x => x.Reason is not null)
            .GroupBy(x => x.Reason!).Select(g => $"{g.Count()} {g.Key}").ToList();
        var eligible = outside.Where(r => InstrumentScreen.Refuse(r.Entry, options) is null).ToList();
        var head = Invariant($"Rankings read at {readAt.ToKst():HH:mm} KST: {rows.Count} tickers, {rows.Count - outside.Count} already analysed")
            + (refused.Count > 0 ? $", screened out {string.Join(", ", refused)}" : "")
            + Invariant($", {eligible.Count} eligible.");
        if (eligible.Count == 0) return new CandidateProposal([], head + " No candidates.");

        MlScores scores;
        try
        {
            scores = await scorer.ScoreAsync([.. eligible.Select(r => r.Entry.Ticker)], time.GetUtcNow(), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scores = MlScores.None($"scoring failed: {ex.Message}");
        }
        if (scores.ModelVersion is null)
            return new CandidateProposal([], $"{head} No candidates: the ML scores are unavailable ({scores.Unavailable ?? "no active model"}); a ranking alone is not a reason to buy.");

        var chosen = eligible
            .Where(r => scores.Probabilities.TryGetValue(r.Entry.Ticker, out var p) && p >= options.MinProbability)
            .Select(r => new MarketCandidate(r.Entry.Ticker, r.Entry.Name, r.Ranking, r.Entry.Rank, scores.Probabilities[r.Entry.Ticker], Realtime: false))
            .OrderByDescending(c => c.Probability).ThenBy(c => c.Rank).ThenBy(c => c.Ticker, StringComparer.Ordinal)
            .Take(options.Max)
            .ToList();
        var model = $"{scores.Signal} model {scores.ModelVersion}";
        var scored = eligible.Count(r => scores.Probabilities.ContainsKey(r.Entry.Ticker));
        return new CandidateProposal(chosen, chosen.Count == 0
            ? Invariant($"{head} {scored} scored by {model}, none at or above {options.MinProbability:0.###}: no candidates.")
            : Invariant($"{head} {scored} scored by {model}; {chosen.Count} proposed at or above {options.MinProbability:0.###}: ")
              + string.Join(", ", chosen.Select(c => Invariant($"{c.Ticker} ({c.Ranking} #{c.Rank}, p {c.Probability:0.###})"))) + ".");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
