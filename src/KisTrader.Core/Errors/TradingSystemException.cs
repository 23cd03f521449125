namespace KisTrader.Core.Errors;

/// <summary>A broken invariant or an unusable input at an edge of the trading system.</summary>
public class TradingSystemException : Exception
{
    public TradingSystemException(string message) : base(message) { }
    public TradingSystemException(string message, Exception? inner) : base(message, inner) { }
}
