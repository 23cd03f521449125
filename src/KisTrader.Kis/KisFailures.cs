using KisTrader.Kis.Rest;

namespace KisTrader.Kis;

/// <summary>How callers outside the client tell a broker hiccup from a real failure.</summary>
public static class KisFailures
{
    /// <summary>Throttling, a gateway server error, a 5xx without a business code, a timeout, no connection, or reads
    /// that stayed so after their retries: worth trying again later, not a fault of the request.</summary>
    public static bool IsTransient(Exception ex) => KisRestSender.IsTransient(ex) || ex is KisTransportException;
}
