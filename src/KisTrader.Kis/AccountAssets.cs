namespace KisTrader.Kis;

/// <summary>The account's assets by class (KIS inquire_account_balance, real accounts only).</summary>
public sealed record AccountAssets(
    decimal TotalAssets,
    decimal NetAssets,
    decimal PurchaseAmountTotal,
    decimal EvaluationAmountTotal,
    decimal UnrealizedPnlTotal,
    decimal LoanTotal,
    decimal Deposit,
    decimal TotalDeposit,
    IReadOnlyList<AssetClass> Classes);

/// <summary>One asset class row. <see cref="Category"/> is known when KIS sends its standard 20 rows.</summary>
public sealed record AssetClass(
    int Index,
    string? Category,
    decimal PurchaseAmount,
    decimal EvaluationAmount,
    decimal UnrealizedPnl,
    decimal CreditLoanAmount,
    decimal RealNetAssets,
    decimal WeightPercent);
