namespace KisTrader.Core.Ml.Live;

/// <summary>The ML signal's scores for one analysis: the probability per ticker that could be scored, the signal and the
/// model version that produced them, and why nothing was scored when <see cref="ModelVersion"/> is null.</summary>
public sealed record MlScores(string? Signal, string? ModelVersion, IReadOnlyDictionary<string, decimal> Probabilities, string? Unavailable)
{
    public static MlScores None(string reason) => new(null, null, new Dictionary<string, decimal>(StringComparer.Ordinal), reason);
}

/// <summary>Scores tickers with the active model of the configured signal, on features computed point-in-time as of
/// <c>asOf</c> by the same feature code training uses (<see cref="Features.IFeatureExtractor"/>). Never throws for a
/// missing model or missing history: it answers <see cref="MlScores.None"/> or leaves the ticker out.</summary>
public interface IMlSignalScorer
{
    Task<MlScores> ScoreAsync(IReadOnlyCollection<string> tickers, DateTimeOffset asOf, CancellationToken ct = default);
}

/// <summary>The scorer when the ML signal is switched off.</summary>
public sealed class DisabledMlSignalScorer : IMlSignalScorer
{
    public Task<MlScores> ScoreAsync(IReadOnlyCollection<string> tickers, DateTimeOffset asOf, CancellationToken ct = default) =>
        Task.FromResult(MlScores.None("the ML signal is switched off (Ml:Enabled false)"));
}
