using KisTrader.Core.Rules;

namespace KisTrader.Core.Ports;

/// <summary>Every rule ever proposed, with its validation reasons, shadow result and decision.</summary>
public interface IStrategyRuleStore
{
    /// <exception cref="Errors.TradingSystemException">The rule id is taken.</exception>
    Task AddAsync(StrategyRule rule, CancellationToken ct = default);

    /// <summary>Replaces the stored rule's history (status, decision, shadow result, adopting version). Returns false when
    /// there is none.</summary>
    /// <exception cref="Errors.TradingSystemException">The update would change what the rule says (condition, action,
    /// size factor, category, priority or rationale): prompt versions refer to rules by id.</exception>
    Task<bool> UpdateAsync(StrategyRule rule, CancellationToken ct = default);

    Task<StrategyRule?> GetAsync(string ruleId, CancellationToken ct = default);

    /// <summary>Rules with the given ids (unknown ids are left out), in the order given.</summary>
    Task<IReadOnlyList<StrategyRule>> GetManyAsync(IReadOnlyList<string> ruleIds, CancellationToken ct = default);

    /// <summary>Rules of one report, or all (newest first) when <paramref name="reportId"/> is null; optionally only one status.</summary>
    Task<IReadOnlyList<StrategyRule>> ListAsync(string? reportId = null, RuleStatus? status = null, CancellationToken ct = default);
}
