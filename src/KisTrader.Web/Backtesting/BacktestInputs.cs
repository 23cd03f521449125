using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Decisions.Caching;
using KisTrader.Core.History;
using KisTrader.Core.Ports;
using KisTrader.Web.Cli;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Backtesting;

/// <summary>
/// The Backtests page's form made into what <see cref="BacktestRuns"/> runs, or the reasons it cannot run, each naming
/// its field, before anything starts: the form's own checks (<see cref="BacktestForm.TryBuild"/>), minute bars stored for
/// the period at minute resolution, the prompt version and its strategy rules, and the LLM engine's model behind the
/// response cache (the same as the <c>backtest</c> command's <c>--prompt-version</c>, <c>--llm-cache</c>, <c>--llm-budget</c>).
/// </summary>
public sealed class BacktestInputs(IServiceProvider services, BacktestDefaults defaults, IMarketHistory history)
{
    public async Task<(BacktestRequest? Request, CachingLlmClient? Llm, IReadOnlyList<string> Problems)> PrepareAsync(
        BacktestForm form, CancellationToken ct = default)
    {
        var request = form.TryBuild(defaults, out var problems);
        if (request is null) return (null, null, problems);
        if (request.Resolution == BarResolution.Minute && await MinuteBarsProblemAsync(request, ct) is { } noMinutes)
            return (null, null, [noMinutes]);
        // The prompt matters to the LLM engine (it renders it) and to the rules engine (its strategy rules are enforced).
        if (request.Engine == BacktestEngineKind.Llm || (form.PromptVersion is not null && request.Engine == BacktestEngineKind.Rules))
        {
            var (prompt, rules, problem) = await BacktestLlm.PromptAsync(services, Llm, form.PromptVersion, ct);
            if (problem is not null)
                return (null, null, [form.PromptVersion is { } v ? $"Prompt version: the decision prompt has no version {v}." : "Prompt version: " + problem]);
            request = request with { Prompt = prompt, StrategyRules = rules };
        }
        if (request.Engine != BacktestEngineKind.Llm) return (request, null, []);
        // The app's model client (registered when the model is configured), not a new one per run.
        var (llm, llmProblem) = BacktestLlm.Client(services, Llm, form.LlmCache,
            form.LlmCache == BacktestForm.Fetch ? form.LlmBudget : null, services.GetService<ILlmClient>());
        return llm is null ? (null, null, ["LLM cache: " + llmProblem]) : (request, llm, []);
    }

    // The model's section only (runtime components never take the whole settings), read when a form needs it.
    private LlmOptions Llm => services.GetRequiredService<IOptions<LlmOptions>>().Value;

    /// <summary>Why a minute-resolution request cannot run: no instrument it asks for has minute bars in its period.
    /// (An instrument missing among several is refused when the bars load, naming it.)</summary>
    private async Task<string?> MinuteBarsProblemAsync(BacktestRequest request, CancellationToken ct)
    {
        var coverage = await history.CoverageAsync(ct);
        var any = coverage.Any(c => c.Resolution == BarResolution.Minute && c.FirstDate <= request.To && c.LastDate >= request.From
            && (request.Tickers is not { Count: > 0 } t || t.Contains(c.Ticker)));
        if (any) return null;
        var period = string.Create(CultureInfo.InvariantCulture, $"{request.From:yyyy-MM-dd} to {request.To:yyyy-MM-dd}");
        return request.Tickers is { Count: > 0 }
            ? $"Resolution: no minute bars stored for these instruments from {period}; collect or import minute bars, or choose day."
            : $"Resolution: no minute bars stored from {period}; collect or import minute bars, or choose day.";
    }
}
