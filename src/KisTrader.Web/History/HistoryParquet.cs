using System.Text.Json.Serialization;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using Parquet.Serialization;
using Parquet.Serialization.Attributes;

namespace KisTrader.Web.History;

/// <summary>Market history as a Parquet file (Parquet.Net) for research in other tools: one row per bar with every stored
/// field; prices as decimal(18,2) (KRW, or index points), the session date, the bar's KST start as a local timestamp,
/// the collection time in UTC.</summary>
public static class HistoryParquet
{
    public sealed class Row
    {
        [JsonPropertyName("code")] public string Code { get; set; } = "";
        [JsonPropertyName("resolution")] public string Resolution { get; set; } = "";
        [JsonPropertyName("date")] public DateOnly Date { get; set; }
        [JsonPropertyName("time_kst")] public DateTime TimeKst { get; set; }
        [JsonPropertyName("open"), ParquetDecimal(18, 2)] public decimal Open { get; set; }
        [JsonPropertyName("high"), ParquetDecimal(18, 2)] public decimal High { get; set; }
        [JsonPropertyName("low"), ParquetDecimal(18, 2)] public decimal Low { get; set; }
        [JsonPropertyName("close"), ParquetDecimal(18, 2)] public decimal Close { get; set; }
        [JsonPropertyName("adj_open"), ParquetDecimal(18, 2)] public decimal AdjOpen { get; set; }
        [JsonPropertyName("adj_high"), ParquetDecimal(18, 2)] public decimal AdjHigh { get; set; }
        [JsonPropertyName("adj_low"), ParquetDecimal(18, 2)] public decimal AdjLow { get; set; }
        [JsonPropertyName("adj_close"), ParquetDecimal(18, 2)] public decimal AdjClose { get; set; }
        [JsonPropertyName("volume")] public long Volume { get; set; }
        [JsonPropertyName("traded_value"), ParquetDecimal(20, 0)] public decimal TradedValue { get; set; }
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("collected_at_utc")] public DateTime CollectedAtUtc { get; set; }
    }

    public static Row ToRow(HistoryBar b) => new()
    {
        Code = b.Ticker,
        Resolution = b.Resolution == BarResolution.Day ? "day" : "minute",
        Date = b.Date,
        TimeKst = DateTime.SpecifyKind(b.Time.ToKst().DateTime, DateTimeKind.Unspecified),
        Open = b.Open, High = b.High, Low = b.Low, Close = b.Close,
        AdjOpen = b.AdjustedOpen, AdjHigh = b.AdjustedHigh, AdjLow = b.AdjustedLow, AdjClose = b.AdjustedClose,
        Volume = b.Volume,
        TradedValue = b.TradedValue,
        Source = b.Source,
        CollectedAtUtc = b.CollectedAt.UtcDateTime,
    };

    public static Task WriteAsync(Stream stream, IEnumerable<HistoryBar> bars, CancellationToken ct = default) =>
        ParquetSerializer.SerializeAsync(bars.Select(ToRow), stream, cancellationToken: ct);

    public static async Task<IReadOnlyList<Row>> ReadAsync(Stream stream, CancellationToken ct = default) =>
        [.. (await ParquetSerializer.DeserializeAsync<Row>(stream, cancellationToken: ct)).Data];
}
