namespace KisTrader.Core.Portfolio;

public sealed record Position(
    string Ticker,
    string Name,
    long Quantity,
    long SellableQuantity,
    decimal AveragePrice,
    decimal Price,
    decimal Value,
    decimal WeightPercent,
    decimal UnrealizedPnl,
    decimal UnrealizedPnlPercent);

/// <summary>The portfolio as the first graph node sees it: cash weight, per-ticker weight and P&amp;L.</summary>
public sealed record PortfolioSnapshot(
    DateTimeOffset TakenAt,
    decimal Cash,
    decimal TotalEquity,
    decimal CashWeightPercent,
    decimal UnrealizedPnl,
    IReadOnlyList<Position> Positions)
{
    public Position? Find(string ticker) => Positions.FirstOrDefault(p => p.Ticker == ticker);

    /// <summary>Builds the snapshot from the broker's balance. Equity is cash (D+2) plus holdings at market.</summary>
    public static PortfolioSnapshot From(AccountBalance balance, DateTimeOffset at)
    {
        var held = balance.Holdings.Where(h => h.Quantity > 0).ToList();
        var securities = held.Sum(h => h.EvaluationAmount);
        var cash = balance.CashD2;
        var equity = cash + securities;
        decimal Weight(decimal v) => equity > 0 ? Math.Round(v / equity * 100m, 2) : 0m;
        var positions = held.Select(h => new Position(h.Ticker, h.Name, h.Quantity, h.SellableQuantity, h.AveragePrice, h.CurrentPrice,
            h.EvaluationAmount, Weight(h.EvaluationAmount), h.UnrealizedPnl, h.UnrealizedPnlRatePercent)).ToList();
        return new PortfolioSnapshot(at, cash, equity, Weight(cash), held.Sum(h => h.UnrealizedPnl), positions);
    }
}
