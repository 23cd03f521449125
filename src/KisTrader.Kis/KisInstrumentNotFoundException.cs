using KisTrader.Core.Errors;

namespace KisTrader.Kis;

/// <summary>
/// KIS has no such instrument. KIS says so with a successful answer whose current price is 0 (inquire_price, the charts)
/// or whose book has no levels (inquire_asking_price_exp_ccn), not with an error code (docs/kis-api-addendum.md).
/// </summary>
public sealed class KisInstrumentNotFoundException(string trId, string ticker)
    : TradingSystemException($"KIS {trId}: no instrument {ticker} (answered with a zero price)")
{
    public string TrId { get; } = trId;
    public string Ticker { get; } = ticker;
}
