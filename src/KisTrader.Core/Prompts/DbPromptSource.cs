using KisTrader.Core.Decisions;

namespace KisTrader.Core.Prompts;

/// <summary>The active prompt version from the database (seeded from the baseline file on first use), so the LLM
/// decision engine always decides with the newest active prompt and reports its version number.</summary>
public sealed class DbPromptSource(PromptVersioning versions) : IPromptSource
{
    public async Task<PromptText> GetActiveAsync(CancellationToken ct = default)
    {
        var v = await versions.GetActiveAsync(ct).ConfigureAwait(false);
        return new PromptText(v.Text, v.Version);
    }
}
