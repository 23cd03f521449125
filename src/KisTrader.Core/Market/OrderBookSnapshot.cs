namespace KisTrader.Core.Market;

public readonly record struct BookLevel(decimal Price, long Quantity);

/// <summary>The visible order book: up to 10 levels each side, best first (KIS asking price / H0STASP0).</summary>
public sealed record OrderBookSnapshot(
    string Ticker,
    DateTimeOffset Time,
    IReadOnlyList<BookLevel> Asks,
    IReadOnlyList<BookLevel> Bids,
    long TotalAskQuantity,
    long TotalBidQuantity);
