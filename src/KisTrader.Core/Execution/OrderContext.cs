namespace KisTrader.Core.Execution;

/// <summary>
/// What an order was decided on, stored with its intent (column <c>orders.context</c>, JSON) so that everything about
/// an order, its trade record included, is read from the ledger and never from the run's saved state. The justification
/// has its own column (<see cref="LedgerOrder.Justification"/>).
/// </summary>
/// <param name="MarketSnapshot">JSON object: the market at the decision for this ticker (analysis time, feed, the ticker's
/// quote and signals).</param>
/// <param name="PortfolioBefore">JSON object: the portfolio the plan was made from.</param>
/// <param name="RuleFeatures">JSON object: the features the strategy-rule check saw (a shadow replay of a rule over the
/// trade sees the same); null when the run held no portfolio.</param>
/// <param name="PromptVersion">The decision prompt's version, for an LLM plan.</param>
/// <param name="Engine">The decision engine that planned it.</param>
/// <param name="PlanId">The plan it belongs to (the run that made it).</param>
public sealed record OrderContext(
    string? MarketSnapshot,
    string? PortfolioBefore,
    string? RuleFeatures,
    int? PromptVersion,
    string? Engine,
    string? PlanId)
{
    /// <summary>The ML signal's probability for the ticker when the order was decided (<see cref="Market.TickerAnalysis.MlProbability"/>);
    /// null when no model scored it.</summary>
    public decimal? MlProbability { get; init; }

    /// <summary>The model that scored the analysis, "signal vN" (e.g. "up5d-1pct v3"); null when none did.</summary>
    public string? MlModelVersion { get; init; }
}
