using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>1. The portfolio from the broker: cash weight, per-ticker weight and P&amp;L.</summary>
public sealed class DiagnosePortfolioNode(IAccountReader account, TimeProvider time) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.DiagnosePortfolio;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var balance = await account.GetBalanceAsync(ct);
        state.Portfolio = PortfolioSnapshot.From(balance, time.GetUtcNow());
        return NodeResult.Continue();
    }
}
