using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Decisions;

/// <summary>What every decision engine sees: the portfolio, the market analysis and the tradable universe.</summary>
public sealed record DecisionInput(PortfolioSnapshot Portfolio, MarketAnalysis Analysis, IReadOnlyCollection<string> Universe, DateTimeOffset Now)
{
    /// <summary>The graph run this decision belongs to, when there is one (recorded with the LLM usage).</summary>
    public string? RunId { get; init; }
}

/// <summary>Turns portfolio and analysis into a plan. The LLM engine's output passes <c>DecisionGuard</c> before it becomes a plan.</summary>
public interface IDecisionEngine
{
    string Name { get; }

    Task<DecisionResult> DecideAsync(DecisionInput input, CancellationToken ct = default);
}
