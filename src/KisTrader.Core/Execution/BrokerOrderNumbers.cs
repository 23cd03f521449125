namespace KisTrader.Core.Execution;

/// <summary>KIS writes order numbers zero-padded in some places ("0001569157") and short in others ("2696"):
/// compare them by value.</summary>
public static class BrokerOrderNumbers
{
    public static string Normalize(string orderNo)
    {
        var trimmed = orderNo.Trim().TrimStart('0');
        return trimmed.Length == 0 ? "0" : trimmed;
    }

    public static bool Same(string? a, string? b) => a is not null && b is not null && Normalize(a) == Normalize(b);
}
