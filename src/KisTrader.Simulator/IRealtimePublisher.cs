using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator;

/// <summary>Where the exchange reports what realtime subscribers see. Called under the exchange lock: must not block.</summary>
public interface IRealtimePublisher
{
    void Trades(InstrumentState instrument, IReadOnlyList<TradePrint> prints, SimExchange exchange);
    void Book(InstrumentState instrument, SimExchange exchange);
    void Notice(NoticeEvent notice);
}

internal sealed class NullPublisher : IRealtimePublisher
{
    public void Trades(InstrumentState instrument, IReadOnlyList<TradePrint> prints, SimExchange exchange) { }
    public void Book(InstrumentState instrument, SimExchange exchange) { }
    public void Notice(NoticeEvent notice) { }
}
