using KisTrader.Web.Reflection;

namespace KisTrader.Web.ConfigHistory;

/// <summary>The configuration history over HTTP, for admins (mapped in the admin group: Viewers get 403). Read-only.</summary>
public static class ConfigHistoryEndpoints
{
    public sealed record VersionInfo(long Id, DateTimeOffset RecordedAt, string RecordedBy, string Sha256, bool Current);

    public sealed record VersionText(long Id, DateTimeOffset RecordedAt, string RecordedBy, string Sha256, string Json);

    public sealed record DiffLine(int? OldNumber, string OldKind, string OldText, int? NewNumber, string NewKind, string NewText);

    public sealed record DiffResponse(long From, long To, int Added, int Removed, int Changed, IReadOnlyList<DiffLine> Lines);

    public static RouteGroupBuilder MapConfigHistoryEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/config");
        group.MapGet("/versions", async (ConfigHistoryService svc, CancellationToken ct) =>
        {
            var versions = await svc.ListAsync(ct);
            var latest = versions.Count > 0 ? versions[0].Id : (long?)null;
            return Results.Ok(versions.Select(v => new VersionInfo(v.Id, v.RecordedAt, v.RecordedBy, v.Sha256, v.Id == latest)));
        });
        group.MapGet("/versions/{id:long}", async (long id, ConfigHistoryService svc, CancellationToken ct) =>
            await svc.GetAsync(id, ct) is { } v
                ? Results.Ok(new VersionText(v.Id, v.RecordedAt, v.RecordedBy, v.Sha256, v.Json))
                : Results.Problem($"There is no configuration version {id}.", statusCode: StatusCodes.Status404NotFound));
        // Without parameters: the latest change (the current version against the one before it).
        group.MapGet("/diff", async (long? from, long? to, ConfigHistoryService svc, CancellationToken ct) =>
        {
            var diff = await svc.DiffAsync(from, to, ct);
            if (diff is null)
                return Results.Problem($"There is no configuration version {from?.ToString() ?? "before"} or {to?.ToString() ?? "current"}.",
                    statusCode: StatusCodes.Status404NotFound);
            var lines = diff.Lines.Rows.Select(r => new DiffLine(r.Old.Number, Kind(r.Old), Text(r.Old), r.New.Number, Kind(r.New), Text(r.New)));
            return Results.Ok(new DiffResponse(diff.From.Id, diff.To.Id, diff.Lines.Added, diff.Lines.Removed, diff.Lines.Changed, [.. lines]));
        });
        return group;
    }

    private static string Kind(PromptDiff.Side side) => side.Kind.ToString().ToLowerInvariant();

    private static string Text(PromptDiff.Side side) => string.Concat(side.Words.Select(w => w.Text));
}
