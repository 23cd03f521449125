using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Security;
using KisTrader.Web.Hosting;
using KisTrader.Web.Http;
using KisTrader.Web.Identity;

namespace KisTrader.Web.Reflection;

/// <summary>The reflection reports, rule decisions and prompt versions over HTTP. Reading needs any signed-in user (the
/// fallback policy); every POST is admin-only and, except "run", needs a reason.</summary>
public static class ReflectionApiEndpoints
{
    public static IEndpointRouteBuilder MapReflectionApiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reflection/reports", async (IReflectionReportStore reports, int? count) =>
            Results.Ok(await reports.ListAsync(Math.Clamp(count ?? 50, 1, 500))));
        app.MapGet("/api/reflection/reports/{id}", async (string id, IReflectionReportStore reports, IStrategyRuleStore rules) =>
            InputProblem.Refuse(InputLimits.Id(nameof(id), id)) ?? (await reports.GetAsync(id) is { } report
                ? Results.Ok(new { report, rules = await rules.ListAsync(id) })
                : Results.NotFound()));
        app.MapGet("/api/prompts/versions", async (IPromptStore prompts) =>
            Results.Ok((await prompts.ListAsync(PromptVersion.DecisionPrompt)).Select(v => new
            {
                v.Version, v.IsActive, v.CreatedAt, v.Author, v.Reason, v.ParentVersion, v.ReportId, v.RuleIds,
            })));
        app.MapGet("/api/prompts/versions/{n:int}", async (int n, IPromptStore prompts) =>
            await prompts.GetAsync(PromptVersion.DecisionPrompt, n) is { } v ? Results.Ok(v) : Results.NotFound());

        var admin = app.MapGroup("/api").RequireAuthorization(Policies.Admin);
        admin.MapPost("/reflection/run", async (HttpContext http, IReflectionService svc, IAuditLog audit, TimeProvider time) =>
        {
            await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), http.User.Identity!.Name!, TradingApiEndpoints.RunStartAction, "reflection", "Reflect now (API)"));
            return Results.Ok(await svc.ReflectAsync($"api by {http.User.Identity!.Name}"));
        });
        admin.MapPost("/reflection/rules/{id}/adopt", (string id, TradingApiEndpoints.ReasonRequest r, HttpContext http, IStrategyRuleStore rules, IReflectionService svc) =>
            RuleDecisionAsync(id, r, rules, reason => svc.AdoptRuleAsync(id, http.User.Identity!.Name!, reason)));
        admin.MapPost("/reflection/rules/{id}/reject", (string id, TradingApiEndpoints.ReasonRequest r, HttpContext http, IStrategyRuleStore rules, IReflectionService svc) =>
            RuleDecisionAsync(id, r, rules, reason => svc.RejectRuleAsync(id, http.User.Identity!.Name!, reason)));
        admin.MapPost("/reflection/rules/{id}/retire", (string id, TradingApiEndpoints.ReasonRequest r, HttpContext http, IStrategyRuleStore rules, IReflectionService svc) =>
            RuleDecisionAsync(id, r, rules, reason => svc.RetireRuleAsync(id, http.User.Identity!.Name!, reason)));
        admin.MapPost("/prompts/versions/{n:int}/activate", async (int n, TradingApiEndpoints.ReasonRequest r, HttpContext http, IPromptStore prompts, IReflectionService svc) =>
        {
            if (InputProblem.Refuse(TradingApiEndpoints.ReasonCheck(r)) is { } invalid) return invalid;
            if (await prompts.GetAsync(PromptVersion.DecisionPrompt, n) is null) return Results.NotFound(new { message = $"No prompt version {n}." });
            return Outcome(await svc.ActivatePromptVersionAsync(n, http.User.Identity!.Name!, r.Reason!.Trim()));
        });
        return app;
    }

    private static async Task<IResult> RuleDecisionAsync(string id, TradingApiEndpoints.ReasonRequest r, IStrategyRuleStore rules,
        Func<string, Task<ReflectionDecision>> decide)
    {
        if (InputProblem.Refuse(InputLimits.Id(nameof(id), id), TradingApiEndpoints.ReasonCheck(r)) is { } invalid) return invalid;
        if (await rules.GetAsync(id) is null) return Results.NotFound(new { message = $"No rule {id}." });
        return Outcome(await decide(r.Reason!.Trim()));
    }

    /// <summary>200 with what happened; 409 when the service refused (not Proposed any more, no longer valid, …).</summary>
    private static IResult Outcome(ReflectionDecision d) => d.Done
        ? Results.Ok(new { done = true, message = d.Message, promptVersion = d.PromptVersion })
        : Results.Conflict(new { done = false, message = d.Message, promptVersion = d.PromptVersion });
}
