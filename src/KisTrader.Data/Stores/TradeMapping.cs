using KisTrader.Core.Trades;
using KisTrader.Data.Entities;

namespace KisTrader.Data.Stores;

internal static class TradeMapping
{
    public static TradeEntity ToEntity(this TradeRecord t) => new()
    {
        TradeId = t.TradeId,
        Timestamp = t.Timestamp.UtcDateTime,
        OrderedAt = t.OrderedAt?.UtcDateTime,
        Ticker = t.Ticker,
        Action = t.Action.ToText(),
        Quantity = t.Quantity,
        Price = t.Price,
        JustificationText = t.JustificationText,
        MarketSnapshot = t.MarketSnapshot,
        PortfolioBefore = t.PortfolioBefore,
        Pnl7Days = StoredPnl(t.Pnl7Days),
        Pnl30Days = StoredPnl(t.Pnl30Days),
        MlProbability = t.MlProbability,
        MlModelVersion = t.MlModelVersion,
    };

    /// <summary>P&amp;L as stored: 4 decimal places, the column's precision, on both providers (PostgreSQL's numeric(18,4)
    /// rounds half away from zero; SQLite keeps text, so the store rounds the same way), which keeps the subtotal tables'
    /// ten-thousandths exact.</summary>
    public static decimal? StoredPnl(decimal? pnl) => pnl is { } p ? decimal.Round(p, 4, MidpointRounding.AwayFromZero) : null;

    public static TradeRecord ToRecord(this TradeEntity e)
    {
        if (!TradeActionText.TryParse(e.Action, out var action))
            throw new InvalidDataException($"trades row '{e.TradeId}' has an unknown action '{e.Action}'.");
        return new TradeRecord
        {
            TradeId = e.TradeId,
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)),
            OrderedAt = e.OrderedAt is { } ordered ? new DateTimeOffset(DateTime.SpecifyKind(ordered, DateTimeKind.Utc)) : null,
            Ticker = e.Ticker,
            Action = action,
            Quantity = e.Quantity,
            Price = e.Price,
            JustificationText = e.JustificationText,
            MarketSnapshot = e.MarketSnapshot,
            PortfolioBefore = e.PortfolioBefore,
            Pnl7Days = e.Pnl7Days,
            Pnl30Days = e.Pnl30Days,
            MlProbability = e.MlProbability,
            MlModelVersion = e.MlModelVersion,
        };
    }

    /// <summary>Same trade content, ignoring P&amp;L which is filled in later.</summary>
    public static bool SameTrade(TradeRecord a, TradeRecord b) =>
        a.TradeId == b.TradeId && a.Timestamp.UtcDateTime == b.Timestamp.UtcDateTime && a.Ticker == b.Ticker
        && a.Action == b.Action && a.Quantity == b.Quantity && a.Price == b.Price
        && a.JustificationText == b.JustificationText;
}
