using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>What the backtest needs to know about an instrument besides its bars: its name, and the market and kind
/// that choose the tick table, the price limits and the sell tax.</summary>
public sealed record BacktestInstrument(string Ticker, string Name, KrxMarket Market = KrxMarket.Kospi, InstrumentKind Kind = InstrumentKind.Stock);
