namespace KisTrader.Core.Market;

public enum KrxMarket
{
    Kospi,
    Kosdaq,
    Konex,
}

public enum InstrumentKind
{
    Stock,
    Etf,
    Etn,
}
