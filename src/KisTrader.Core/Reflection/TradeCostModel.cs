using KisTrader.Core.Market;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>The costs the reflection charges a recorded trade: <see cref="TradingCosts"/> on the trade's whole amount
/// (the broker charges per order), with the sell tax of the trade's KST date. A trade record does not say its market:
/// KOSPI is assumed unless a resolver says otherwise (KOSDAQ's tax rate is the same since 2023; only KONEX differs).</summary>
public sealed class TradeCostModel(TradingCosts? costs = null, Func<string, KrxMarket>? marketOf = null)
{
    public TradingCosts Costs { get; } = costs ?? new TradingCosts();

    public KrxMarket MarketOf(string ticker) => marketOf?.Invoke(ticker) ?? KrxMarket.Kospi;

    public static DateOnly KstDate(DateTimeOffset t) => DateOnly.FromDateTime(t.ToKst().DateTime);

    /// <summary>Commission on the trade's amount (buy or sell).</summary>
    public decimal Commission(TradeRecord t) => Costs.Commission(t.Price * t.Quantity);

    /// <summary>Sell tax on the trade's amount at its KST date (0 for a buy).</summary>
    public decimal SellTax(TradeRecord t) =>
        t.Action == TradeAction.Sell ? Costs.SellTax(t.Price * t.Quantity, MarketOf(t.Ticker), KstDate(t.Timestamp)) : 0m;
}
