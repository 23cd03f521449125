namespace KisTrader.Core.Prompts;

/// <summary>Where prompt versions are mirrored outside the database: a backup file per version, a change log, and
/// optionally a git commit of the prompt file. Failures here are reported, never lose the version (the database holds it).</summary>
public interface IPromptArchive
{
    /// <summary>Writes the version's backup file and appends a change-log entry (created, activated, rolled back).</summary>
    Task RecordAsync(PromptVersion version, string change, CancellationToken ct = default);
}
