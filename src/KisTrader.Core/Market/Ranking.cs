namespace KisTrader.Core.Market;

public enum RankingKind
{
    Volume,
    Gainers,
    Losers,
}

/// <summary>Where a figure came from. Paper accounts lack some broker functions; the UI says which source it used.</summary>
public enum DataSource
{
    Broker,
    /// <summary>Computed by KisTrader (from the realtime feed, the balance or our own fills).</summary>
    Computed,
}

public sealed record RankingEntry(int Rank, string Ticker, string Name, decimal Price, decimal Change, decimal ChangeRatePercent, long Volume, decimal TradeValue);

public sealed record Ranking(RankingKind Kind, DataSource Source, IReadOnlyList<RankingEntry> Entries);
