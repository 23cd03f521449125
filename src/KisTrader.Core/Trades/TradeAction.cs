namespace KisTrader.Core.Trades;

public enum TradeAction
{
    Buy,
    Sell,
}

public static class TradeActionText
{
    public const string Buy = "BUY";
    public const string Sell = "SELL";

    public static string ToText(this TradeAction action) => action == TradeAction.Buy ? Buy : Sell;

    public static bool TryParse(string? text, out TradeAction action)
    {
        switch (text)
        {
            case Buy: action = TradeAction.Buy; return true;
            case Sell: action = TradeAction.Sell; return true;
            default: action = default; return false;
        }
    }
}
