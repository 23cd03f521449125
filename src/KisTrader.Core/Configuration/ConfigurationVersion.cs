namespace KisTrader.Core.Configuration;

/// <summary>One stored version of the effective configuration: canonical JSON (keys in a stable order, secrets
/// redacted), recorded at a start when it differed from the version before.</summary>
/// <param name="RecordedBy">What started with it ("web app", "graph run", …).</param>
/// <param name="Sha256">Hex SHA-256 of <paramref name="Json"/>, to tell versions apart at a glance.</param>
public sealed record ConfigurationVersion(long Id, DateTimeOffset RecordedAt, string RecordedBy, string Sha256, string Json);
