using KisTrader.Core.Prompts;

namespace KisTrader.Core.Ports;

/// <summary>Immutable prompt versions. Text, parent, reason, author, report and rule ids never change after
/// <see cref="AddAsync"/>; only which version is active does.</summary>
public interface IPromptStore
{
    Task<PromptVersion?> GetActiveAsync(string promptName, CancellationToken ct = default);

    Task<PromptVersion?> GetAsync(string promptName, int version, CancellationToken ct = default);

    /// <summary>All versions, newest first.</summary>
    Task<IReadOnlyList<PromptVersion>> ListAsync(string promptName, CancellationToken ct = default);

    /// <summary>Adds <paramref name="version"/> (its Version must be the next number: max + 1, or 1 for the first) and,
    /// when <c>IsActive</c>, makes it the only active one, in one transaction.</summary>
    /// <exception cref="Errors.TradingSystemException">The version number is taken or not the next one.</exception>
    Task AddAsync(PromptVersion version, CancellationToken ct = default);

    /// <summary>Makes <paramref name="version"/> the only active version. Returns false when it does not exist.</summary>
    Task<bool> ActivateAsync(string promptName, int version, CancellationToken ct = default);
}
