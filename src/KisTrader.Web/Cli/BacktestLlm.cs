using KisTrader.Core.Decisions;
using KisTrader.Core.Decisions.Caching;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Rules;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using KisTrader.Web.Trading;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Web.Cli;

/// <summary><c>backtest --engine llm</c>: the configured model behind the LLM response cache in the database
/// (<c>--llm-cache replay</c>: answers only from the cache, a miss is "no decision"; <c>fetch --llm-budget N</c>: at most N
/// calls, stored, then misses), and the prompt version to render (<c>--prompt-version</c>, default the active one, or
/// the baseline file when the database has none) with its enforced strategy rules.</summary>
internal static class BacktestLlm
{
    /// <summary>The caching client, or the reason it cannot be built. <paramref name="appModel"/>: the app's own model client
    /// (the web app has one when the model is configured); without it, one is built for the run.</summary>
    public static (CachingLlmClient? Client, string? Problem) Client(IServiceProvider services, LlmOptions llm, string mode, int? budget, ILlmClient? appModel = null)
    {
        var fetch = mode == "fetch";
        if (fetch && budget is null) return (null, "--llm-cache fetch needs --llm-budget N (the most model calls this run may make).");
        if (budget is < 0) return (null, "--llm-budget must be 0 or more.");
        if (!fetch && budget is not null) return (null, "--llm-budget applies to --llm-cache fetch only.");
        if (fetch && !llm.IsConfigured)
            return (null, "--llm-cache fetch needs the model configured (Llm:Endpoint or Llm:ApiKey).");
        // Replay never calls the model, so it needs no model configured.
        ILlmClient inner = fetch
            ? appModel ?? new ServiceCollection().AddLogging().AddLlmClient(llm).BuildServiceProvider().GetRequiredService<ILlmClient>()
            : new NoModel();
        var cache = new EfLlmResponseCache(services.GetRequiredService<IDbContextFactory<KisTraderDbContext>>());
        var model = llm.EffectiveProvider == LlmProvider.Azure ? llm.Deployment ?? llm.Model : llm.Model;
        return (new CachingLlmClient(inner, cache, TimeProvider.System, new LlmCacheOptions
        {
            Mode = fetch ? LlmCacheMode.FetchWithinBudget : LlmCacheMode.ReplayOnly,
            Model = model,
            MaxCalls = budget,
        }), null);
    }

    /// <summary>The prompt and its enforced rules: version <paramref name="version"/>, else the active version, else the
    /// baseline file as version 1 without rules.</summary>
    public static async Task<(PromptText? Prompt, IReadOnlyList<StrategyRule> Rules, string? Problem)> PromptAsync(
        IServiceProvider services, LlmOptions llm, int? version, CancellationToken ct)
    {
        var store = services.GetRequiredService<IPromptStore>();
        var chosen = version is { } v ? await store.GetAsync(PromptVersion.DecisionPrompt, v, ct)
            : await store.GetActiveAsync(PromptVersion.DecisionPrompt, ct);
        if (chosen is null && version is not null) return (null, [], $"--prompt-version {version}: no such version of the decision prompt.");
        if (chosen is null)
        {
            var file = TradingServices.PromptPath(llm);
            if (!File.Exists(file)) return (null, [], $"No prompt version in the database and no prompt file at {file} (Llm:PromptFile).");
            return (await new FilePromptSource(file).GetActiveAsync(ct), [], null);
        }
        var rules = chosen.RuleIds.Count == 0 ? [] : await services.GetRequiredService<IStrategyRuleStore>().GetManyAsync(chosen.RuleIds, ct);
        return (new PromptText(chosen.Text, chosen.Version), rules, null);
    }

    public static string Describe(LlmCacheCounters c) =>
        $"llm cache: {c.Hits} replayed, {c.MissesFetched} fetched ({c.TokensFetched} tokens), {c.MissesRefused} missed (no decision)";

    /// <summary>Replay mode's model: <see cref="CachingLlmClient"/> refuses every miss before calling it.</summary>
    private sealed class NoModel : ILlmClient
    {
        public Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct) =>
            throw new InvalidOperationException("replay only: the model is never called");
    }
}
