using KisTrader.Core.Errors;

namespace KisTrader.Core.Trades;

/// <summary>A trade record was refused before anything was written; <see cref="Field"/> names the offending field.</summary>
public sealed class TradeValidationException : TradingSystemException
{
    public TradeValidationException(string field, string problem)
        : base($"Invalid trade record: field '{field}' {problem}.")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>The database column name of the field (e.g. <c>ticker</c>).</summary>
    public string Field { get; }
    public string Problem { get; }
}
