using System.Text.Json;

namespace KisTrader.Core.Trades;

/// <summary>
/// The single check every trade record passes before it is stored. Field names in errors are the
/// column names of the <c>trades</c> table so an operator can find them.
/// </summary>
public static class TradeRecordValidator
{
    /// <summary>No KRX share has ever traded near this; a larger price is a unit or parsing error.</summary>
    public const decimal MaxSanePriceKrw = 10_000_000m;
    /// <summary>Larger than any order a self-hosted account can place; guards against overflowed quantities.</summary>
    public const long MaxSaneQuantity = 100_000_000;
    public const int MaxIdLength = 64;
    public const int MaxJustificationLength = 16_000;
    public const int MaxJsonLength = 1_000_000;

    public static void Validate(TradeRecord trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (string.IsNullOrWhiteSpace(trade.TradeId) || trade.TradeId.Length > MaxIdLength)
            throw new TradeValidationException("trade_id", $"must be 1 to {MaxIdLength} characters");
        if (trade.Timestamp == default || trade.Timestamp.Year < 2000 || trade.Timestamp.Year > 2200)
            throw new TradeValidationException("timestamp", "must be a real date and time");
        ValidateTicker(trade.Ticker);
        if (!Enum.IsDefined(trade.Action))
            throw new TradeValidationException("action", "must be BUY or SELL");
        if (trade.Quantity <= 0 || trade.Quantity > MaxSaneQuantity)
            throw new TradeValidationException("quantity", $"must be between 1 and {MaxSaneQuantity} (got {trade.Quantity})");
        if (trade.Price <= 0m || trade.Price > MaxSanePriceKrw)
            throw new TradeValidationException("price", $"must be greater than 0 and at most {MaxSanePriceKrw} KRW (got {trade.Price})");
        if (decimal.Round(trade.Price, 4) != trade.Price)
            throw new TradeValidationException("price", "must have at most 4 decimal places");
        if (string.IsNullOrWhiteSpace(trade.JustificationText))
            throw new TradeValidationException("justification_text", "must say why the decision was made");
        if (trade.JustificationText.Length > MaxJustificationLength)
            throw new TradeValidationException("justification_text", $"must be at most {MaxJustificationLength} characters");
        ValidateJsonObject("market_snapshot", trade.MarketSnapshot);
        ValidateJsonObject("portfolio_before", trade.PortfolioBefore);
        ValidatePnl("pnl_7_days", trade.Pnl7Days);
        ValidatePnl("pnl_30_days", trade.Pnl30Days);
    }

    public static void ValidateTicker(string? ticker, string field = "ticker")
    {
        // KRX short codes are 6 characters: digits, and since 2024 also upper-case letters (e.g. 0001A0).
        if (ticker is null || ticker.Length != 6 || !ticker.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
            throw new TradeValidationException(field, $"must be a 6-character KRX code of digits and upper-case letters (got '{ticker}')");
    }

    public static void ValidatePnl(string field, decimal? pnl)
    {
        if (pnl is { } value && Math.Abs(value) > 1_000_000_000_000m)
            throw new TradeValidationException(field, $"is not a plausible P&L in KRW (got {value})");
    }

    private static void ValidateJsonObject(string field, string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw new TradeValidationException(field, "must be a JSON object");
        if (json.Length > MaxJsonLength)
            throw new TradeValidationException(field, $"must be at most {MaxJsonLength} characters");
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new TradeValidationException(field, $"must be a JSON object (got {doc.RootElement.ValueKind})");
        }
        catch (JsonException ex)
        {
            throw new TradeValidationException(field, $"is not well-formed JSON ({ex.Message})");
        }
    }
}
