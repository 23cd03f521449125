using KisTrader.Core.Errors;

namespace KisTrader.Kis;

/// <summary>A read could not reach KIS (timeouts, dropped connections) after every retry, or the circuit is open.</summary>
public sealed class KisTransportException : TradingSystemException
{
    public KisTransportException(string? trId, string message, bool circuitOpen = false, Exception? inner = null)
        : base($"KIS {trId ?? "request"}: {message}", inner)
    {
        TrId = trId;
        CircuitOpen = circuitOpen;
    }

    public string? TrId { get; }

    /// <summary>True when the request was not sent because the circuit breaker is open.</summary>
    public bool CircuitOpen { get; }
}
