using KisTrader.Core.Audit;
using System.Globalization;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>M4. When rules were adopted: a new prompt version with the enforced rules plus these (author
/// "reflection", the report id), active at once, its rules enforced; the rules are marked Adopted in it. Then the
/// report is completed, with or without a new version.</summary>
public sealed class UpdatePromptNode(PromptVersioning prompts, IStrategyRuleStore rules, IReflectionReportStore reports, TimeProvider time,
    IAuditLog? audit = null)
    : IGraphNode<ReflectionState>
{
    public string Name => ReflectionGraph.UpdatePrompt;

    public async Task<NodeResult> RunAsync(ReflectionState state, GraphContext context, CancellationToken ct)
    {
        if (state.ToAdopt.Count > 0 && state.PromptVersion is null)
        {
            // An admin may have rejected one of them while the run went on: the admin's decision stands.
            var adopted = (await rules.GetManyAsync(state.ToAdopt, ct)).Where(r => r.Status == RuleStatus.Proposed).ToList();
            if (adopted.Count == 0)
            {
                state.Notes.Add("the rules chosen for adoption were decided by an admin meanwhile; no new version");
                state.ToAdopt.Clear();
                return await CompleteAsync(state, ct);
            }
            var change = await prompts.AddRulesAsync(adopted, GenerateRulesNode.Author,
                $"reflection {state.ReportId}: adopted {string.Join(", ", adopted.Select(r => r.RuleId))}", state.ReportId, ct);
            state.PromptVersion = change.Version.Version;
            if (change.ArchiveError is { } archiveError) state.Notes.Add(archiveError);
            if (change.Skipped.Count > 0) state.Notes.Add($"not enforced: {string.Join("; ", change.Skipped)}");
            var now = time.GetUtcNow();
            foreach (var rule in adopted)
                await rules.UpdateAsync(rule with
                {
                    Status = RuleStatus.Adopted,
                    DecidedBy = GenerateRulesNode.Author,
                    DecidedAt = now,
                    AdoptedInVersion = change.Version.Version,
                }, ct);
            // A change of what the risk engine enforces is audited like an admin's, with the run that made it.
            if (audit is not null)
                foreach (var rule in adopted)
                    await audit.WriteAsync(new AuditEntry(now, GenerateRulesNode.Author, "rule.adopt", rule.RuleId,
                        $"auto-adopted by reflection run {context.RunId} ({context.Trigger}) into prompt v{change.Version.Version}: {rule.Condition}"), ct);
        }
        return await CompleteAsync(state, ct);
    }

    private async Task<NodeResult> CompleteAsync(ReflectionState state, CancellationToken ct)
    {
        var summary = Summary(state);
        await reports.SaveAsync(state.Report(ReflectionStatus.Completed, summary, completedAt: time.GetUtcNow()), ct);
        return NodeResult.End(summary);
    }

    private static string Summary(ReflectionState s)
    {
        var p = s.Performance;
        var head = p is null
            ? "no performance"
            : $"{p.Trades} trade(s), {p.RoundTrips.Count} round trip(s), net {p.RealisedNetPnl.ToString("#,0", CultureInfo.InvariantCulture)} KRW, " +
              $"win rate {(p.WinRate * 100m).ToString("0", CultureInfo.InvariantCulture)}%";
        var version = s.PromptVersion is { } v ? $", prompt v{v} active" : ", prompt unchanged";
        return $"{head}; {s.Outcomes} outcome(s), {s.Insights.Count} insight(s); {s.RuleIds.Count} rule(s) proposed, {s.ToAdopt.Count} adopted{version}";
    }
}
