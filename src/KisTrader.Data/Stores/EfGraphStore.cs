using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>Graph runs and their steps (tables <c>graph_runs</c>, <c>graph_steps</c>).</summary>
public sealed class EfGraphStore(IDbContextFactory<KisTraderDbContext> factory) : IGraphStore
{
    private static readonly string[] Unfinished = [nameof(RunStatus.Running), nameof(RunStatus.AwaitingApproval)];

    public async Task CreateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Set<GraphRunEntity>().Add(ToEntity(run, new GraphRunEntity()));
        await db.SaveChangesAsync(ct);
    }

    public async Task UpdateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        StageRun(db, run);
        await SaveAsync(db, run.RunId, ct);
    }

    public async Task AddStepAsync(GraphStep step, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await StageStepAsync(db, step, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The step and the run in one SaveChanges, i.e. one transaction and one commit.</summary>
    public async Task CheckpointAsync(GraphStep step, GraphRun run, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await StageStepAsync(db, step, ct);
        StageRun(db, run);
        await SaveAsync(db, run.RunId, ct);
    }

    /// <summary>An UPDATE of every column without reading the row first (its state JSON is the largest thing stored per run).</summary>
    private static void StageRun(KisTraderDbContext db, GraphRun run) => db.Set<GraphRunEntity>().Update(ToEntity(run, new GraphRunEntity()));

    private static async Task StageStepAsync(KisTraderDbContext db, GraphStep step, CancellationToken ct)
    {
        var e = new GraphStepEntity
        {
            RunId = step.RunId,
            Sequence = step.Sequence,
            Node = step.Node,
            StartedAt = step.StartedAt.UtcDateTime,
            DurationMs = step.DurationMs,
            InputJson = step.InputJson,
            OutputJson = step.OutputJson,
            Error = step.Error,
            SentOrders = step.SentOrders,
        };
        // Replaces the step written when an order-sending node started; the existence test reads no JSON.
        if (await db.Set<GraphStepEntity>().AnyAsync(s => s.RunId == step.RunId && s.Sequence == step.Sequence, ct))
            db.Set<GraphStepEntity>().Update(e);
        else
            db.Set<GraphStepEntity>().Add(e);
    }

    private static async Task SaveAsync(KisTraderDbContext db, string runId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new InvalidOperationException($"No graph run '{runId}' to update.", ex);
        }
    }

    public async Task<GraphRun?> GetRunAsync(string runId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Set<GraphRunEntity>().AsNoTracking().FirstOrDefaultAsync(r => r.RunId == runId, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<IReadOnlyList<GraphRun>> ListRunsAsync(string? graph, int max = 100, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<GraphRunEntity>().AsNoTracking();
        if (graph is not null) q = q.Where(r => r.Graph == graph);
        var rows = await q.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId).Take(max).ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken ct = default)
    {
        query.Validate();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<GraphRunEntity>().AsNoTracking();
        if (query.Graph is not null) q = q.Where(r => r.Graph == query.Graph);
        if (query.Status is { } status)
        {
            var text = status.ToString();
            q = q.Where(r => r.Status == text);
        }
        var total = await q.CountAsync(ct);
        q = query.NewestFirst
            ? q.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId)
            : q.OrderBy(r => r.StartedAt).ThenBy(r => r.RunId);
        var rows = await q.Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        return new RunPage([.. rows.Select(ToRecord)], total);
    }

    public async Task<IReadOnlyList<GraphStep>> StepsAsync(string runId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<GraphStepEntity>().AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Sequence).ToListAsync(ct);
        return [.. rows.Select(s => new GraphStep(s.RunId, s.Sequence, s.Node, UtcTime.FromStored(s.StartedAt), s.DurationMs,
            s.InputJson, s.OutputJson, s.Error, s.SentOrders))];
    }

    public async Task<IReadOnlyList<GraphRun>> UnfinishedRunsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<GraphRunEntity>().AsNoTracking().Where(r => Unfinished.Contains(r.Status))
            .OrderBy(r => r.StartedAt).ThenBy(r => r.RunId).ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    private static GraphRunEntity ToEntity(GraphRun run, GraphRunEntity e)
    {
        e.RunId = run.RunId;
        e.Graph = run.Graph;
        e.Trigger = run.Trigger;
        e.Status = run.Status.ToString();
        e.StartedAt = run.StartedAt.UtcDateTime;
        e.EndedAt = run.EndedAt?.UtcDateTime;
        e.NextNode = run.NextNode;
        e.StateJson = run.StateJson;
        e.Summary = run.Summary;
        e.Error = run.Error;
        return e;
    }

    private static GraphRun ToRecord(GraphRunEntity e) => new(e.RunId, e.Graph, e.Trigger,
        Enum.TryParse<RunStatus>(e.Status, out var s) ? s : throw new InvalidDataException($"graph_runs row '{e.RunId}' has an unknown status '{e.Status}'."),
        UtcTime.FromStored(e.StartedAt), UtcTime.FromStored(e.EndedAt), e.NextNode, e.StateJson, e.Summary, e.Error);
}
