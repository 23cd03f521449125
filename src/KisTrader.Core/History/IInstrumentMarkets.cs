using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>The market an instrument is listed on, as the broker says (KIS: inquire_price's rprs_mrkt_kor_name; the
/// simulator answers it from its universe), or null when the answer names no known market.</summary>
public interface IInstrumentMarkets
{
    Task<KrxMarket?> GetMarketAsync(string ticker, CancellationToken ct = default);
}
