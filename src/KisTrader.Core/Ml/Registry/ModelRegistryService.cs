using KisTrader.Core.Audit;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Ml.Registry;

/// <summary>What a registry action did: done or refused, a message a person reads, the version concerned and, for a
/// promotion, the rule's verdict.</summary>
public sealed record ModelDecision(bool Done, string Message, int? Version = null, PromotionVerdict? Verdict = null);

/// <summary>
/// The model registry's capability: registers trained versions as candidates, promotes a candidate only when
/// <see cref="PromotionPolicy"/> allows it (otherwise it stays a candidate with the reasons), and rolls back to a
/// version that was active before. Every change names who and why and is written to the audit log, as prompt versions
/// are (actions <c>model.register</c>, <c>model.promote</c>, <c>model.promote-refused</c>, <c>model.rollback</c>,
/// <c>model.activate</c>). Changes run under one lock, so two promotions never both judge against the same active model.
/// </summary>
public sealed class ModelRegistryService(IModelRegistry registry, IAuditLog audit, PromotionOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Stores a newly trained model as the signal's next version, a candidate. Its number, creation time,
    /// status and artifact list are assigned here; whatever <paramref name="trained"/> holds in them is ignored.</summary>
    public async Task<ModelVersion> RegisterAsync(ModelVersion trained, IReadOnlyList<ModelArtifact> artifacts, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = await registry.ListAsync(trained.Signal, ct).ConfigureAwait(false);
            var version = trained with
            {
                Version = existing.Count == 0 ? 1 : existing.Max(v => v.Version) + 1,
                CreatedAt = time.GetUtcNow(),
                Status = ModelStatus.Candidate,
                StatusReason = null,
                StatusChangedAt = null,
                Artifacts = [.. artifacts.Select(a => a.Info)],
            };
            await registry.AddAsync(version, artifacts, ct).ConfigureAwait(false);
            await audit.WriteAsync(new AuditEntry(version.CreatedAt, actor, "model.register", version.Label, FormattableString.Invariant(
                $"{version.Trainer}, trained {version.Window.From:yyyy-MM-dd}..{version.Window.To:yyyy-MM-dd}, data {version.DataSha256[..12]}; F1 {version.Metrics.F1:0.####} (baseline {version.Metrics.BaselineF1:0.####})")),
                ct).ConfigureAwait(false);
            return version;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Judges the candidate against the active model with the promotion rule; promotes it when allowed, and
    /// otherwise keeps it a candidate with the reasons. Either way the decision is audited.</summary>
    public async Task<ModelDecision> PromoteAsync(string signal, int version, string actor, string reason, CancellationToken ct = default)
    {
        if (Refuse(actor, reason) is { } refused) return refused;
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (await registry.GetAsync(signal, version, ct).ConfigureAwait(false) is not { } candidate)
                return new(false, $"{signal} v{version} does not exist");
            var active = await registry.GetActiveAsync(signal, ct).ConfigureAwait(false);
            var verdict = PromotionPolicy.Decide(candidate, active, options);
            var now = time.GetUtcNow();
            var from = active is null ? "none active" : $"from v{active.Version}";
            if (!verdict.Promote)
            {
                if (candidate.Status == ModelStatus.Candidate)
                    await registry.NoteCandidateAsync(signal, version, $"promotion refused: {verdict.Summary}", now, ct).ConfigureAwait(false);
                await audit.WriteAsync(new AuditEntry(now, actor, "model.promote-refused", candidate.Label,
                    $"{reason} | {from}; {verdict.Summary}"), ct).ConfigureAwait(false);
                return new(false, $"{candidate.Label} not promoted: {verdict.Summary}", version, verdict);
            }
            var activation = await registry.ActivateAsync(signal, version, $"promoted by {actor}: {reason} | {verdict.Summary}", now, ct).ConfigureAwait(false);
            if (activation is null) return new(false, $"{candidate.Label} disappeared before it could be activated", version, verdict);
            await audit.WriteAsync(new AuditEntry(now, actor, "model.promote", candidate.Label, $"{reason} | {from}; {verdict.Summary}"), ct).ConfigureAwait(false);
            return new(true, $"{candidate.Label} promoted and active ({from})", version, verdict);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Makes a version that was active before (now retired) the active one again, without the promotion rule:
    /// the way back from a model that misbehaves live. Audited as a rollback when it is older than the active version.</summary>
    public async Task<ModelDecision> RollBackAsync(string signal, int version, string actor, string reason, CancellationToken ct = default)
    {
        if (Refuse(actor, reason) is { } refused) return refused;
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (await registry.GetAsync(signal, version, ct).ConfigureAwait(false) is not { } target)
                return new(false, $"{signal} v{version} does not exist");
            if (target.Status == ModelStatus.Active) return new(false, $"{target.Label} is already active", version);
            if (target.Status != ModelStatus.Retired)
                return new(false, $"{target.Label} is a candidate that was never active: promote it instead (the promotion rule applies)", version);
            var active = await registry.GetActiveAsync(signal, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var action = active is not null && version < active.Version ? "model.rollback" : "model.activate";
            var activation = await registry.ActivateAsync(signal, version, $"{(action == "model.rollback" ? "rolled back" : "re-activated")} by {actor}: {reason}", now, ct)
                .ConfigureAwait(false);
            if (activation is null) return new(false, $"{target.Label} disappeared before it could be activated", version);
            var from = activation.Previous is { } p ? $"from v{p}" : "none active";
            await audit.WriteAsync(new AuditEntry(now, actor, action, target.Label, $"{reason} | {from}"), ct).ConfigureAwait(false);
            return new(true, $"{target.Label} active again ({from})", version);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static ModelDecision? Refuse(string actor, string reason)
    {
        if (string.IsNullOrWhiteSpace(actor)) return new(false, "the acting user is required");
        if (string.IsNullOrWhiteSpace(reason)) return new(false, "a reason is required");
        return null;
    }
}
