using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>Builds what an order of an operational run is decided on (<see cref="OrderContext"/>), from the run's state at
/// the moment it is sent. The ledger keeps it with the intent; the trade record is built from it.</summary>
public static class OrderContexts
{
    /// <param name="order">The order as it is sent (the quantity risk approved): the rule features are what the rule check
    /// saw for it.</param>
    public static OrderContext For(TradingState state, PlannedOrder order)
    {
        var a = state.Analysis;
        var market = a is null ? null : GraphJson.Serialize(new
        {
            takenAt = a.TakenAt,
            feed = a.Feed,
            stale = a.Stale,
            sentimentScore = a.SentimentScore,
            ticker = a.Find(order.Ticker),
            opportunities = a.Opportunities.Where(s => s.Ticker == order.Ticker),
            risks = a.Risks.Where(s => s.Ticker == order.Ticker),
        });
        // Left out (not guessed) when the run holds no analysis or no portfolio.
        var features = a is not null && state.Portfolio is { } portfolio ? RuleFeatures.ForOrder(order, a, portfolio, a.TakenAt).ToJson().ToJsonString() : null;
        return new OrderContext(
            market,
            state.Portfolio is { } p ? GraphJson.Serialize(p) : null,
            features,
            state.Plan?.PromptVersion,
            state.Plan?.Engine ?? state.Engine,
            state.RunId)
        {
            MlProbability = a?.Find(order.Ticker)?.MlProbability,
            MlModelVersion = MlModel(a),
        };
    }

    /// <summary>"up5d-1pct v3": the trade record names the model with its signal (it has no signal column).</summary>
    public static string? MlModel(Market.MarketAnalysis? analysis) =>
        analysis?.MlModelVersion is { } version ? $"{analysis.MlSignal} v{version}" : null;
}
