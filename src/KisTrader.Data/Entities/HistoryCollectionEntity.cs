namespace KisTrader.Data.Entities;

/// <summary>Row of <c>history_collections</c>: one finished collection, its summary as JSON (CollectionSummary).</summary>
public sealed class HistoryCollectionEntity
{
    public string Id { get; set; } = "";
    public long FinishedAtMs { get; set; }
    public string Summary { get; set; } = "";
}
