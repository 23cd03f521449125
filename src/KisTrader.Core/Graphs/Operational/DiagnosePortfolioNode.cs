using KisTrader.Core.Execution;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>1. The portfolio from the broker: cash weight, per-ticker weight and P&amp;L. The run's one balance read: it is
/// kept in <see cref="Balances"/> for the risk checks of the same run, and its equity is a point of the equity curve.</summary>
public sealed class DiagnosePortfolioNode(IAccountReader account, EquityRecorder equity, TimeProvider time) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.DiagnosePortfolio;

    public AccountSnapshots? Balances { get; init; }

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var balance = Balances is null ? await account.GetBalanceAsync(ct) : (await Balances.ReadAsync(ct)).Balance;
        state.Portfolio = PortfolioSnapshot.From(balance, time.GetUtcNow());
        await equity.RecordAsync(state.Portfolio, state.RunId, ct);
        return NodeResult.Continue();
    }
}
