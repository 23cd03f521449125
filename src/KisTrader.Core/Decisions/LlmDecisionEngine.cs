namespace KisTrader.Core.Decisions;

/// <summary>
/// Asks the LLM for a plan: renders the active prompt, requests JSON matching <see cref="PlanSchema"/>, runs the answer
/// through <see cref="DecisionGuard"/> and records the call's usage and cost. Errors and timeouts become a
/// <see cref="PlanRejection"/> whose first error says why in words ("the LLM call failed: connection refused", "the LLM
/// call timed out after 30 s", "response was not JSON: …", "plan violates schema: …"); only the caller's own cancellation
/// propagates. A rejection is a failed decision: the run reports it as failed (see RecordAndReportNode).
/// A backtest's <see cref="Caching.CachingLlmClient"/> without an answer for the prompt gives "no decision: no cached LLM
/// response (…)", a rejection without a plan and without a usage record.
/// A stale analysis is answered with a hold without calling the model (nothing could be traded on it anyway).
/// </summary>
public sealed class LlmDecisionEngine(ILlmClient client, IPromptSource prompts, ILlmUsageStore usage, TimeProvider time, LlmEngineOptions? options = null)
    : IDecisionEngine
{
    public const string EngineName = "llm";
    /// <summary>Starts the one error of a rejection that is "no decision" (no cached answer in a backtest), so a backtest
    /// can count those apart from failed calls and refused plans (<see cref="IsNoDecision"/>).</summary>
    public const string NoDecisionPrefix = "no decision: ";
    private const string UserPrompt = "Decide now from the context in the instructions. Answer with the trading plan JSON object only.";

    private readonly LlmEngineOptions _o = options ?? new LlmEngineOptions();

    public string Name => EngineName;

    public async Task<DecisionResult> DecideAsync(DecisionInput input, CancellationToken ct = default)
    {
        if (input.Analysis.Stale)
            return DecisionResult.Accepted(new TradingPlan(Name, [], $"Hold: market analysis is stale ({input.Analysis.StaleReason}); the LLM was not asked."));

        var prompt = await prompts.GetActiveAsync(ct).ConfigureAwait(false);
        string system;
        try
        {
            system = new DecisionPrompt(prompt.Text).Render(input, _o.RiskLimits);
        }
        catch (ArgumentException ex)
        {
            return DecisionResult.Rejected(new PlanRejection(Name, [$"prompt version {prompt.Version} is unusable: {ex.Message}"], null));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_o.Timeout);
        LlmCompletion completion;
        try
        {
            completion = await client.CompleteJsonAsync(system, UserPrompt, PlanSchema.Name, PlanSchema.Json, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await RecordAsync(input, "", 0, 0, LlmOutcome.Timeout).ConfigureAwait(false);
            return DecisionResult.Rejected(new PlanRejection(Name, [$"the LLM call timed out after {Seconds(_o.Timeout)}"], null));
        }
        catch (Caching.LlmResponseNotCachedException ex)
        {
            // A backtest replaying cached answers has none for this prompt: no decision, nothing billed, nothing invented.
            return DecisionResult.Rejected(new PlanRejection(Name, [NoDecisionPrefix + ex.Message], null));
        }
        catch (LlmCallException ex)
        {
            await RecordAsync(input, "", 0, 0, ex.Kind == LlmFailureKind.Timeout ? LlmOutcome.Timeout : LlmOutcome.Error).ConfigureAwait(false);
            var reason = ex.Kind == LlmFailureKind.Timeout ? $"the LLM call timed out after {Seconds(_o.Timeout)}" : $"the LLM call failed: {ex.Message}";
            return DecisionResult.Rejected(new PlanRejection(Name, [reason], null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordAsync(input, "", 0, 0, LlmOutcome.Error).ConfigureAwait(false);
            return DecisionResult.Rejected(new PlanRejection(Name, [$"the LLM call failed: {ex.GetType().Name}: {UntrustedText.Quote(ex.Message, 300)}"], null));
        }

        var cost = _o.Cost(completion.InputTokens, completion.OutputTokens);
        var used = new LlmUsage(completion.Model, completion.InputTokens, completion.OutputTokens, cost);
        var result = DecisionGuard.Check(completion.Content, input, _o.Guard).ToResult(Name, completion.Content, used, prompt.Version);
        await RecordAsync(input, completion.Model, completion.InputTokens, completion.OutputTokens,
            result.Plan is null ? LlmOutcome.Rejected : LlmOutcome.Accepted, cost).ConfigureAwait(false);
        return result;
    }

    /// <summary>Whether <paramref name="rejection"/> is "no decision" (no cached LLM answer and none could be fetched).</summary>
    public static bool IsNoDecision(PlanRejection rejection) =>
        rejection.Errors.Count == 1 && rejection.Errors[0].StartsWith(NoDecisionPrefix, StringComparison.Ordinal);

    public static string Seconds(TimeSpan t) => t.TotalSeconds >= 1
        ? $"{t.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s"
        : $"{t.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms";

    private Task RecordAsync(DecisionInput input, string model, int inTokens, int outTokens, string outcome, decimal cost = 0m) =>
        // Usage is written even if the run was cancelled meanwhile: the tokens were billed.
        usage.AddAsync(new LlmUsageRecord(time.GetUtcNow(), model, inTokens, outTokens, cost, input.RunId, outcome), CancellationToken.None);
}
