using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>
/// The operational graph, in order: DiagnosePortfolio → AnalyzeMarket → Decide → CheckRisk → ExecuteOrders →
/// RecordAndReport. Conditional edges: Decide and CheckRisk skip to RecordAndReport when there is nothing to do;
/// CheckRisk or ExecuteOrders park the run while orders wait for approval. A decision resumes it at CheckRisk, which
/// judges approved orders again on fresh prices and hands them to ExecuteOrders, the only node that sends.
/// </summary>
public sealed class OperationalGraph(
    DiagnosePortfolioNode diagnose,
    AnalyzeMarketNode analyze,
    DecideNode decide,
    CheckRiskNode checkRisk,
    ExecuteOrdersNode execute,
    RecordAndReportNode record)
{
    public const string Name = "operational";
    public const string DiagnosePortfolio = "DiagnosePortfolio";
    public const string AnalyzeMarket = "AnalyzeMarket";
    public const string Decide = "Decide";
    public const string CheckRisk = "CheckRisk";
    public const string ExecuteOrders = "ExecuteOrders";
    public const string RecordAndReport = "RecordAndReport";

    public GraphDefinition<TradingState> Definition { get; } =
        new(Name, [diagnose, analyze, decide, checkRisk, execute, record], TradingState.Create);

    /// <summary>What the graph analyses and may trade: the watchlist (or an event run's <paramref name="scope"/>) plus
    /// current holdings.</summary>
    public static IReadOnlyList<string> Universe(OperationalGraphOptions options, PortfolioSnapshot? portfolio, IReadOnlyList<string>? scope = null) =>
        [.. (scope ?? options.Watchlist).Concat(portfolio?.Positions.Select(p => p.Ticker) ?? []).Distinct(StringComparer.Ordinal)];
}
