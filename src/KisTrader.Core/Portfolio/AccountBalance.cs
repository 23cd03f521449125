namespace KisTrader.Core.Portfolio;

/// <summary>One holding as the broker reports it (KIS inquire_balance output1).</summary>
public sealed record Holding(
    string Ticker,
    string Name,
    long Quantity,
    long SellableQuantity,
    decimal AveragePrice,
    decimal PurchaseAmount,
    decimal CurrentPrice,
    decimal EvaluationAmount,
    decimal UnrealizedPnl,
    decimal UnrealizedPnlRatePercent);

/// <summary>Cash and holdings (KIS inquire_balance output2). <see cref="Cash"/> is today's deposit, <see cref="CashD2"/> the D+2 settled deposit.</summary>
public sealed record AccountBalance(
    decimal Cash,
    decimal CashD2,
    decimal SecuritiesValue,
    decimal TotalEquity,
    decimal NetAssets,
    decimal PurchaseAmountTotal,
    decimal UnrealizedPnlTotal,
    IReadOnlyList<Holding> Holdings);

/// <summary>What can be bought (KIS inquire_psbl_order).</summary>
public sealed record BuyingPower(decimal OrderableCash, decimal NoCreditBuyAmount, long NoCreditBuyQuantity, decimal MaxBuyAmount, long MaxBuyQuantity);

public sealed record SellableQuantity(string Ticker, long Quantity, Market.DataSource Source);

/// <summary>Realised profit of one trading day (KIS inquire_period_profit, or computed from our fills).</summary>
public sealed record DailyProfit(DateOnly Date, decimal BuyAmount, decimal SellAmount, decimal RealizedPnl, decimal Fee, decimal Tax);

public sealed record PeriodProfit(Market.DataSource Source, IReadOnlyList<DailyProfit> Days)
{
    public decimal RealizedPnlTotal => Days.Sum(d => d.RealizedPnl);
}
