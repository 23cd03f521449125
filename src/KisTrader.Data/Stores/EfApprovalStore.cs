using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The approval queue (table <c>pending_approvals</c>). Deciding is one conditional UPDATE, so two admins
/// (or an admin and the expiry timer, or a newer proposal superseding it) can never both decide the same approval.</summary>
public sealed class EfApprovalStore(IDbContextFactory<KisTraderDbContext> factory) : IApprovalStore
{
    private static readonly string PendingText = nameof(ApprovalStatus.Pending);

    public async Task AddAsync(PendingApproval approval, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Set<PendingApprovalEntity>().Add(new PendingApprovalEntity
        {
            ApprovalId = approval.ApprovalId,
            RunId = approval.RunId,
            Ticker = approval.Order.Ticker,
            OrderJson = GraphJson.Serialize(approval.Order),
            VerdictJson = GraphJson.Serialize(approval.Verdict),
            CreatedAt = approval.CreatedAt.UtcDateTime,
            ExpiresAt = approval.ExpiresAt.UtcDateTime,
            Status = approval.Status.ToString(),
            DecidedBy = approval.DecidedBy,
            DecidedAt = approval.DecidedAt?.UtcDateTime,
            DecisionReason = approval.DecisionReason,
            OrderId = approval.OrderId,
            SupersededBy = approval.SupersededBy,
            PlanJson = approval.Plan is null ? null : GraphJson.Serialize(approval.Plan),
            NotSentReason = approval.NotSentReason,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<PendingApproval?> GetAsync(string approvalId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Set<PendingApprovalEntity>().AsNoTracking().FirstOrDefaultAsync(a => a.ApprovalId == approvalId, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<IReadOnlyList<PendingApproval>> ListAsync(ApprovalStatus? status, int max = 200, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<PendingApprovalEntity>().AsNoTracking();
        if (status is { } s)
        {
            var text = s.ToString();
            q = q.Where(a => a.Status == text);
        }
        var rows = await q.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.ApprovalId).Take(max).ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<ApprovalPage> QueryDecidedAsync(DecidedApprovalQuery query, CancellationToken ct = default)
    {
        query.Validate();
        await using var db = await factory.CreateDbContextAsync(ct);
        var pending = nameof(ApprovalStatus.Pending);
        var q = db.Set<PendingApprovalEntity>().AsNoTracking().Where(a => a.Status != pending);
        if (query.Status is { } s)
        {
            var text = s.ToString();
            q = q.Where(a => a.Status == text);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.DecidedAt).ThenBy(a => a.ApprovalId).Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        return new ApprovalPage([.. rows.Select(ToRecord)], total);
    }

    public async Task<bool> DecideAsync(string approvalId, ApprovalStatus status, string decidedBy, DateTimeOffset at, string reason, CancellationToken ct = default)
    {
        if (status == ApprovalStatus.Pending)
            throw new ArgumentException("A decision cannot be Pending.", nameof(status));
        var text = status.ToString();
        var when = at.UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.Set<PendingApprovalEntity>()
            .Where(a => a.ApprovalId == approvalId && a.Status == PendingText)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, text)
                .SetProperty(a => a.DecidedBy, decidedBy)
                .SetProperty(a => a.DecidedAt, when)
                .SetProperty(a => a.DecisionReason, reason), ct);
        return changed == 1;
    }

    public async Task<bool> SupersedeAsync(string approvalId, string? newerApprovalId, DateTimeOffset at, string reason, CancellationToken ct = default)
    {
        var text = nameof(ApprovalStatus.Superseded);
        var when = at.UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.Set<PendingApprovalEntity>()
            .Where(a => a.ApprovalId == approvalId && a.Status == PendingText)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, text)
                .SetProperty(a => a.DecidedBy, ApprovalService.SystemActor)
                .SetProperty(a => a.DecidedAt, when)
                .SetProperty(a => a.DecisionReason, reason)
                .SetProperty(a => a.SupersededBy, newerApprovalId), ct);
        return changed == 1;
    }

    public async Task SetOrderIdAsync(string approvalId, string orderId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.Set<PendingApprovalEntity>().Where(a => a.ApprovalId == approvalId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.OrderId, orderId), ct);
        if (changed == 0)
            throw new InvalidOperationException($"No approval '{approvalId}' to attach order '{orderId}' to.");
    }

    public async Task SetNotSentAsync(string approvalId, string reason, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.Set<PendingApprovalEntity>().Where(a => a.ApprovalId == approvalId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.NotSentReason, reason), ct);
        if (changed == 0)
            throw new InvalidOperationException($"No approval '{approvalId}' to record why it was not sent.");
    }

    private static PendingApproval ToRecord(PendingApprovalEntity e) => new(
        e.ApprovalId,
        e.RunId,
        GraphJson.Deserialize<PlannedOrder>(e.OrderJson),
        GraphJson.Deserialize<RiskVerdict>(e.VerdictJson),
        UtcTime.FromStored(e.CreatedAt),
        UtcTime.FromStored(e.ExpiresAt),
        Enum.TryParse<ApprovalStatus>(e.Status, out var s) ? s : throw new InvalidDataException($"pending_approvals row '{e.ApprovalId}' has an unknown status '{e.Status}'."),
        e.DecidedBy,
        UtcTime.FromStored(e.DecidedAt),
        e.DecisionReason,
        e.OrderId,
        e.SupersededBy,
        e.PlanJson is null ? null : GraphJson.Deserialize<ProposalPlan>(e.PlanJson),
        e.NotSentReason);
}
