using KisTrader.Core.Trades;

namespace KisTrader.Tests.Data;

internal static class TradeSamples
{
    public static readonly DateTimeOffset Base = new(2026, 11, 16, 0, 30, 0, TimeSpan.Zero); // 09:30 KST

    public static TradeRecord Trade(string id, DateTimeOffset at, string ticker = "005930", TradeAction action = TradeAction.Buy,
        long quantity = 10, decimal price = 71_900m, decimal? pnl7 = null, decimal? pnl30 = null) => new()
    {
        TradeId = id,
        Timestamp = at,
        Ticker = ticker,
        Action = action,
        Quantity = quantity,
        Price = price,
        JustificationText = $"RSI 28 oversold bounce on {ticker} with volume surge 3.1x",
        MarketSnapshot = $$"""{"ticker":"{{ticker}}","price":{{price}},"rsi14":28.4,"volume_ratio":3.1}""",
        PortfolioBefore = """{"cash":100000000,"positions":[]}""",
        Pnl7Days = pnl7,
        Pnl30Days = pnl30,
    };
}
