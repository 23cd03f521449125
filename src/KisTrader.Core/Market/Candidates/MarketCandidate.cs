namespace KisTrader.Core.Market.Candidates;

/// <summary>A ticker outside the watchlist and holdings that a broker ranking proposed and the ML model scored high
/// enough to be analysed (and traded) this run: the ranking it came from ("volume" or "gainers") and its rank there,
/// the model's probability, and whether it got a realtime subscription (else the analysis priced it by REST).</summary>
public sealed record MarketCandidate(string Ticker, string Name, string Ranking, int Rank, decimal Probability, bool Realtime);

/// <summary>One run's candidates and the sentence that says how they were found, or why there are none.</summary>
public sealed record CandidateProposal(IReadOnlyList<MarketCandidate> Candidates, string Note)
{
    public IReadOnlyList<string> Tickers => [.. Candidates.Select(c => c.Ticker)];

    /// <summary>The analysis with the candidates marked (and their probability on their tickers); candidates the analysis
    /// could not price are left out.</summary>
    public MarketAnalysis ApplyTo(MarketAnalysis analysis)
    {
        var byTicker = Candidates.ToDictionary(c => c.Ticker, StringComparer.Ordinal);
        var analysed = Candidates.Where(c => analysis.Find(c.Ticker) is not null).ToList();
        var note = analysed.Count == Candidates.Count ? Note
            : $"{Note} Not priced, left out: {string.Join(", ", Candidates.Where(c => analysis.Find(c.Ticker) is null).Select(c => c.Ticker))}.";
        return analysis with
        {
            Tickers = [.. analysis.Tickers.Select(t => byTicker.TryGetValue(t.Ticker, out var c) && t.MlProbability is null ? t with { MlProbability = c.Probability } : t)],
            Candidates = analysed,
            CandidateNote = note,
        };
    }
}
