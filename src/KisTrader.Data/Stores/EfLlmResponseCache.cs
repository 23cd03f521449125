using KisTrader.Core.Decisions.Caching;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The LLM response cache in table llm_response_cache. A put of a stored key keeps the first answer: checked
/// first, and a concurrent insert of the same key that loses the race on the primary key is reported as not added.</summary>
public sealed class EfLlmResponseCache(IDbContextFactory<KisTraderDbContext> factory) : ILlmResponseCache
{
    public async Task<CachedLlmResponse?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.LlmResponseCache.AsNoTracking().SingleOrDefaultAsync(x => x.Key == key, ct);
        return e is null ? null : new CachedLlmResponse(e.Key, e.Model, UtcTime.FromStored(e.CreatedAt), e.Content, e.InputTokens, e.OutputTokens);
    }

    public async Task<bool> PutAsync(CachedLlmResponse response, CancellationToken ct = default)
    {
        LlmResponseCacheRules.Validate(response);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.LlmResponseCache.AnyAsync(x => x.Key == response.Key, ct)) return false;
        db.LlmResponseCache.Add(new LlmResponseCacheEntity
        {
            Key = response.Key,
            Model = response.Model,
            CreatedAt = response.CreatedAt.UtcDateTime,
            Content = response.Content,
            InputTokens = response.InputTokens,
            OutputTokens = response.OutputTokens,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another writer stored the same key in between: the first answer stays.
            await using var check = await factory.CreateDbContextAsync(ct);
            if (await check.LlmResponseCache.AnyAsync(x => x.Key == response.Key, ct)) return false;
            throw;
        }
    }
}
