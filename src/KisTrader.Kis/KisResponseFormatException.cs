using KisTrader.Core.Errors;

namespace KisTrader.Kis;

/// <summary>KIS answered "success" but the body lacks a field we need, or a field is not what KIS documents
/// (e.g. a price that is not a number). Names the field so a changed API is found at once; never carries values.</summary>
public sealed class KisResponseFormatException : TradingSystemException
{
    public KisResponseFormatException(string? trId, string field, string problem, Exception? inner = null)
        : base($"KIS {trId ?? "response"}: field '{field}' {problem}", inner)
    {
        TrId = trId;
        Field = field;
    }

    public string? TrId { get; }
    public string Field { get; }
}
