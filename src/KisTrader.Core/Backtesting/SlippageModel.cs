namespace KisTrader.Core.Backtesting;

/// <summary>
/// How far from the reference price (the bar's open or close) a marketable order fills, and how much of a bar it may
/// take. The adverse move is <see cref="RangeFraction"/> × a session's high − low (a spread proxy: the previous
/// session's at the open, because a fill seen at 09:00 must not reveal today's range; the day's own at the close) plus
/// <see cref="Ticks"/> ticks, rounded against the trader onto the tick grid and never beyond the bar's high (buy) or low
/// (sell) or the daily limits. <see cref="HistoricalMarketData"/> quotes its synthesised book with the same spread, so a
/// limit priced at the best ask pays it. <see cref="ParticipationCap"/> caps our fills on one bar (all our orders in the ticker
/// together) at that fraction of the bar's volume; the rest of an order stays open and is cancelled at the close.
/// </summary>
public sealed record SlippageModel(int Ticks = 0, decimal RangeFraction = 0m, decimal? ParticipationCap = null)
{
    public static readonly SlippageModel None = new();

    /// <summary>False (the default): a sell without slippage fills at the reference price itself. True: the reference
    /// price is the ask of a market whose spread is at least one tick, so a marketable sell fills at the bid, one tick
    /// below (the book <see cref="HistoricalMarketData"/> quotes, and the built-in simulator's book after its opening
    /// print: what the live/backtest parity test replays).</summary>
    public bool SellsMeetTheBid { get; init; }

    public int Ticks { get; } = Ticks >= 0 ? Ticks : throw new ArgumentOutOfRangeException(nameof(Ticks), Ticks, "Slippage ticks cannot be negative.");

    public decimal RangeFraction { get; } = RangeFraction is >= 0m and <= 1m
        ? RangeFraction
        : throw new ArgumentOutOfRangeException(nameof(RangeFraction), RangeFraction, "The fraction of the bar's range is between 0 and 1.");

    public decimal? ParticipationCap { get; } = ParticipationCap is null or (> 0m and <= 1m)
        ? ParticipationCap
        : throw new ArgumentOutOfRangeException(nameof(ParticipationCap), ParticipationCap, "The participation cap is a fraction of the bar's volume above 0 and at most 1.");
}
