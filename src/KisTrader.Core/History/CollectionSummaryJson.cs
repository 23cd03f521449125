using System.Text.Json;
using System.Text.Json.Serialization;

namespace KisTrader.Core.History;

/// <summary>The stored form of a <see cref="CollectionSummary"/> (history_collections.summary): its fields as JSON, the
/// derived totals left out.</summary>
public static class CollectionSummaryJson
{
    private sealed record Ticker(string Code, int Daily, int Minute, string? Failure);

    private sealed record Stored(string Trigger, string Source, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Canceled, List<Ticker> Tickers);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static string Write(CollectionSummary s) => JsonSerializer.Serialize(
        new Stored(s.Trigger, s.Source, s.StartedAt, s.FinishedAt, s.Canceled, [.. s.Tickers.Select(t => new Ticker(t.Ticker, t.DailyBars, t.MinuteBars, t.Failure))]),
        Options);

    /// <summary>The summary written by <see cref="Write"/>; a row that is not one throws (the store is ours: a bug).</summary>
    public static CollectionSummary Read(string json)
    {
        var s = JsonSerializer.Deserialize<Stored>(json, Options) ?? throw new InvalidDataException("history_collections: an empty summary");
        return new CollectionSummary(s.Trigger, s.Source, s.StartedAt, s.FinishedAt,
            [.. (s.Tickers ?? []).Select(t => new TickerCollection(t.Code, t.Daily, t.Minute, t.Failure))], s.Canceled);
    }
}
