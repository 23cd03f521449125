using KisTrader.Core.Errors;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>Strategy rules (table <c>strategy_rules</c>): every rule ever proposed, with its reasons, shadow result,
/// backtest, decision and retirement.</summary>
public sealed class EfStrategyRuleStore(IDbContextFactory<KisTraderDbContext> factory) : IStrategyRuleStore
{
    public async Task AddAsync(StrategyRule rule, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule.RuleId);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.StrategyRules.AnyAsync(r => r.RuleId == rule.RuleId, ct))
            throw Taken(rule.RuleId, null);
        db.StrategyRules.Add(ToEntity(rule, new StrategyRuleEntity()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // A concurrent writer added the same id between our check and our insert.
            await using var check = await factory.CreateDbContextAsync(ct);
            if (await check.StrategyRules.AnyAsync(r => r.RuleId == rule.RuleId, ct)) throw Taken(rule.RuleId, ex);
            throw;
        }
    }

    public async Task<bool> UpdateAsync(StrategyRule rule, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.StrategyRules.FirstOrDefaultAsync(r => r.RuleId == rule.RuleId, ct);
        if (e is null) return false;
        // Prompt versions name rules by id: what a rule says must never change under a version that carries it. Only
        // its history (status, decision, shadow result, the version that adopted it) may.
        var stored = ToRecord(e);
        if (stored.Condition != rule.Condition || stored.Action != rule.Action || stored.SizeFactor != rule.SizeFactor
            || stored.Category != rule.Category || stored.Priority != rule.Priority || stored.Rationale != rule.Rationale)
            throw new TradingSystemException($"Rule {rule.RuleId}: its condition, action, size factor, category, priority and rationale cannot change once stored; propose a new rule instead.");
        ToEntity(rule, e);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<StrategyRule?> GetAsync(string ruleId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.StrategyRules.AsNoTracking().FirstOrDefaultAsync(r => r.RuleId == ruleId, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<IReadOnlyList<StrategyRule>> GetManyAsync(IReadOnlyList<string> ruleIds, CancellationToken ct = default)
    {
        if (ruleIds.Count == 0) return [];
        var ids = ruleIds.Distinct().ToArray();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.StrategyRules.AsNoTracking().Where(r => ids.Contains(r.RuleId)).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.RuleId, ToRecord, StringComparer.Ordinal);
        return [.. ruleIds.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    /// <remarks>One report's rules come in the order they were proposed (created_at, then id); all rules newest first.</remarks>
    public async Task<IReadOnlyList<StrategyRule>> ListAsync(string? reportId = null, RuleStatus? status = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.StrategyRules.AsNoTracking();
        if (status is { } s)
        {
            var text = s.ToString();
            q = q.Where(r => r.Status == text);
        }
        q = reportId is null
            ? q.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RuleId)
            : q.Where(r => r.ReportId == reportId).OrderBy(r => r.CreatedAt).ThenBy(r => r.RuleId);
        var rows = await q.ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    private static TradingSystemException Taken(string ruleId, Exception? inner) =>
        new($"A strategy rule with id '{ruleId}' already exists.", inner);

    private static StrategyRuleEntity ToEntity(StrategyRule r, StrategyRuleEntity e)
    {
        e.RuleId = r.RuleId;
        e.Category = r.Category.ToString();
        e.Condition = r.Condition;
        e.Action = r.Action.ToString();
        e.SizeFactor = r.SizeFactor;
        e.Priority = r.Priority;
        e.Rationale = r.Rationale;
        e.InsightId = r.InsightId;
        e.ReportId = r.ReportId;
        e.Status = r.Status.ToString();
        e.RejectionReasons = GraphJson.Serialize(r.RejectionReasons);
        e.Shadow = r.Shadow is null ? null : GraphJson.Serialize(r.Shadow);
        e.Backtest = r.Backtest is null ? null : GraphJson.Serialize(r.Backtest);
        e.Retirement = r.Retirement is null ? null : GraphJson.Serialize(r.Retirement);
        e.CreatedAt = r.CreatedAt.UtcDateTime;
        e.DecidedBy = r.DecidedBy;
        e.DecidedAt = r.DecidedAt?.UtcDateTime;
        e.DecisionReason = r.DecisionReason;
        e.AdoptedInVersion = r.AdoptedInVersion;
        return e;
    }

    private static StrategyRule ToRecord(StrategyRuleEntity e) => new()
    {
        RuleId = e.RuleId,
        Category = Parse<RuleCategory>(e, "category", e.Category),
        Condition = e.Condition,
        Action = Parse<RuleAction>(e, "action", e.Action),
        SizeFactor = e.SizeFactor,
        Priority = e.Priority,
        Rationale = e.Rationale,
        InsightId = e.InsightId,
        ReportId = e.ReportId,
        Status = Parse<RuleStatus>(e, "status", e.Status),
        RejectionReasons = GraphJson.Deserialize<string[]>(e.RejectionReasons),
        Shadow = e.Shadow is null ? null : GraphJson.Deserialize<ShadowResult>(e.Shadow),
        Backtest = e.Backtest is null ? null : GraphJson.Deserialize<RuleBacktest>(e.Backtest),
        Retirement = e.Retirement is null ? null : GraphJson.Deserialize<RuleRetirement>(e.Retirement),
        CreatedAt = UtcTime.FromStored(e.CreatedAt),
        DecidedBy = e.DecidedBy,
        DecidedAt = UtcTime.FromStored(e.DecidedAt),
        DecisionReason = e.DecisionReason,
        AdoptedInVersion = e.AdoptedInVersion,
    };

    private static T Parse<T>(StrategyRuleEntity e, string column, string value) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: false, out var v) && Enum.IsDefined(v)
            ? v
            : throw new InvalidDataException($"strategy_rules row '{e.RuleId}' has an unknown {column} '{value}'.");
}
