namespace KisTrader.Core.Decisions;

/// <summary>The active decision prompt and its version number.</summary>
public sealed record PromptText(string Text, int Version);

/// <summary>Where the active decision prompt comes from: the baseline file by default; the reflection graph will keep
/// immutable versions in the database.</summary>
public interface IPromptSource
{
    Task<PromptText> GetActiveAsync(CancellationToken ct = default);
}

/// <summary>Reads the prompt from a file (prompts/core_decision_prompt.md) as version 1, on every call so an edit is
/// picked up without a restart.</summary>
public sealed class FilePromptSource(string path) : IPromptSource
{
    public const int BaselineVersion = 1;

    public string Path { get; } = path;

    public async Task<PromptText> GetActiveAsync(CancellationToken ct = default) =>
        new(await File.ReadAllTextAsync(Path, ct).ConfigureAwait(false), BaselineVersion);
}
