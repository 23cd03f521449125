using KisTrader.Core.Security;
using KisTrader.Web.ConfigHistory;
using KisTrader.Web.Http;

namespace KisTrader.Web.Identity;

/// <summary>Admin actions over HTTP for automation. Refused with 403 to a Viewer, 401 without sign-in.</summary>
public static class AdminApiEndpoints
{
    /// <summary>Nullable so that a missing or null field is a 400 naming it, not a failure inside Identity.</summary>
    public sealed record CreateUserRequest(string? UserName, string? Password, string? Role);

    public static IEndpointRouteBuilder MapAdminApiEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        group.MapGet("/users", async (HttpContext http, UserAdminService svc) => Results.Ok(await svc.ListAsync(http.User)));
        group.MapPost("/users", async (CreateUserRequest req, HttpContext http, UserAdminService svc) =>
        {
            if (InputProblem.Refuse(UserAdminService.CheckNewUser(req.UserName, req.Password, req.Role)) is { } invalid) return invalid;
            var r = await svc.CreateAsync(http.User, req.UserName!, req.Password!, req.Role!);
            return r.Succeeded ? Results.Ok(r) : Results.Problem(r.Message, statusCode: StatusCodes.Status400BadRequest);
        });
        group.MapPost("/users/{userName}/unlock", async (string userName, HttpContext http, UserAdminService svc) =>
        {
            if (InputProblem.Refuse(InputLimits.Name(nameof(userName), userName)) is { } invalid) return invalid;
            var r = await svc.UnlockAsync(http.User, userName);
            return r.Succeeded ? Results.Ok(r) : Results.Problem(r.Message, statusCode: StatusCodes.Status404NotFound);
        });
        group.MapConfigHistoryEndpoints();
        return app;
    }
}
