using System.Globalization;

namespace KisTrader.Core.Ml.Registry;

/// <summary>
/// What a retraining does with the candidates it registered: the best of them (highest out-of-sample F1, the earlier
/// version on a tie) is put to the promotion rule through <see cref="ModelRegistryService.PromoteAsync"/>, which promotes
/// it only when it beats the active model (or, with none active, its majority baseline and the ungated backtest) by the
/// configured margins, and otherwise keeps it a candidate with the reasons; the others stay candidates with a note naming
/// the one that was judged. The retraining service and <c>train --promote</c> share it.
/// </summary>
public static class CandidatePromotion
{
    public static async Task<ModelDecision> PromoteBestAsync(ModelRegistryService service, IModelRegistry registry, IReadOnlyList<ModelVersion> registered,
        string actor, string reason, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(time);
        if (registered.Count == 0) throw new ArgumentException("No candidate to promote.", nameof(registered));
        var best = Best(registered);
        var decision = await service.PromoteAsync(best.Signal, best.Version, actor, reason, ct).ConfigureAwait(false);
        foreach (var other in registered.Where(v => v.Version != best.Version))
            await registry.NoteCandidateAsync(other.Signal, other.Version, string.Create(CultureInfo.InvariantCulture,
                $"not put to promotion: {best.Label} ({best.Trainer}, F1 {best.Metrics.F1:0.####}) was the best of the same run; this one's F1 {other.Metrics.F1:0.####}"),
                time.GetUtcNow(), ct).ConfigureAwait(false);
        return decision;
    }

    /// <summary>The candidate with the highest F1; the earliest version among equals.</summary>
    public static ModelVersion Best(IReadOnlyList<ModelVersion> registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        return registered.OrderByDescending(v => v.Metrics.F1).ThenBy(v => v.Version).First();
    }
}
