using Hangfire;
using Hangfire.Dashboard;
using KisTrader.Web.Identity;

namespace KisTrader.Web.Scheduling;

/// <summary>The Hangfire dashboard at <see cref="Path"/>, for Admins: the endpoint requires the Admin policy (our cookie
/// sign-in and role; anonymous callers get the login redirect or 401, Viewers 403, on every sub-path), and the dashboard
/// checks the same again itself (<see cref="AdminOnly"/>) so it never falls back to Hangfire's local-requests rule. Its
/// POST actions ("Trigger now", "Requeue") are checked against our antiforgery tokens by Hangfire.</summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    /// <summary>What a signed-in Viewer reads instead of the dashboard.</summary>
    public const string AdminsOnly = "403: only an Admin may open the jobs dashboard.";

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            AppPath = "/system",
            DashboardTitle = "KisTrader jobs",
            DisplayStorageConnectionString = false,
        }, app.ServiceProvider.GetRequiredService<JobStorage>()).RequireAuthorization(Policies.Admin);

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context is AspNetCoreDashboardContext { HttpContext.User: var user }
            && user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}
