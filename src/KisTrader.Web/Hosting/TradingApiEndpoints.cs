using KisTrader.Core.Approvals;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Security;
using KisTrader.Web.Http;
using KisTrader.Web.Identity;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Hosting;

/// <summary>Trading controls over HTTP for automation: the same actions as the dashboard's buttons, admin only.
/// Reading the state needs any signed-in user.</summary>
public static class TradingApiEndpoints
{
    public sealed record ReasonRequest(string? Reason);

    /// <summary>The audit action of an admin starting a run by hand (operational or reflection), written before it starts.</summary>
    public const string RunStartAction = "run.start";

    public static IEndpointRouteBuilder MapTradingApiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trading/state", async (ITradingControl control) => Results.Ok(await control.GetAsync()));
        app.MapGet("/api/approvals", async (IApprovalStore store) => Results.Ok(await store.ListAsync(ApprovalStatus.Pending)));

        var admin = app.MapGroup("/api").RequireAuthorization(Policies.Admin);
        admin.MapPost("/trading/halt", (ReasonRequest r, HttpContext http, ITradingControl c) => Change(r, http, (by, why) => c.HaltAsync(by, why)));
        admin.MapPost("/trading/reduce", (ReasonRequest r, HttpContext http, ITradingControl c) => Change(r, http, (by, why) => c.ReduceAsync(by, why)));
        admin.MapPost("/trading/resume", (ReasonRequest r, HttpContext http, ITradingControl c) => Change(r, http, (by, why) => c.ResumeAsync(by, why)));
        admin.MapPost("/approvals/{id}/approve", async (string id, ReasonRequest r, HttpContext http, ApprovalService svc) =>
            InputProblem.Refuse(InputLimits.Id(nameof(id), id), ReasonCheck(r)) ?? Outcome(await svc.ApproveAsync(id, http.User.Identity!.Name!, r.Reason!.Trim())));
        admin.MapPost("/approvals/{id}/reject", async (string id, ReasonRequest r, HttpContext http, ApprovalService svc) =>
            InputProblem.Refuse(InputLimits.Id(nameof(id), id), ReasonCheck(r)) ?? Outcome(await svc.RejectAsync(id, http.User.Identity!.Name!, r.Reason!.Trim())));
        admin.MapPost("/runs", async (HttpContext http, IOperationalRunner runner, IAuditLog audit, TimeProvider time) =>
        {
            await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), http.User.Identity!.Name!, RunStartAction, "operational", "Run now (API)"));
            return Results.Ok(await runner.RunAsync("api"));
        });
        return app;
    }

    private static async Task<IResult> Change(ReasonRequest r, HttpContext http, Func<string, string, Task<TradingModeState>> change) =>
        InputProblem.Refuse(ReasonCheck(r)) ?? Results.Ok(await change(http.User.Identity!.Name!, r.Reason!.Trim()));

    /// <summary>The "reason" every admin action but a run needs (<see cref="InputLimits.Reason"/>).</summary>
    public static InputError? ReasonCheck(ReasonRequest? r) => InputLimits.Reason("reason", r?.Reason);

    /// <summary>404 for an unknown approval, 409 when it was no longer pending (superseded: naming the newer approval),
    /// 200 otherwise (with what happened).</summary>
    private static IResult Outcome(ApprovalOutcome o) => o.Kind switch
    {
        ApprovalOutcomeKind.NotFound => Results.NotFound(new { kind = o.Kind.ToString(), message = o.Message }),
        ApprovalOutcomeKind.Superseded => Results.Conflict(new { kind = o.Kind.ToString(), message = o.Message, supersededBy = o.SupersededBy }),
        ApprovalOutcomeKind.NotPending or ApprovalOutcomeKind.Expired => Results.Conflict(new { kind = o.Kind.ToString(), message = o.Message }),
        _ => Results.Ok(new { kind = o.Kind.ToString(), message = o.Message, orderId = o.OrderId }),
    };
}
