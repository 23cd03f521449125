using KisTrader.Core.Market;

namespace KisTrader.Web.Live;

/// <summary>What the browser's chart module receives for one tick. <see cref="Date"/> is the KST trading day (yyyy-MM-dd).</summary>
public sealed record TickMessage(string Ticker, DateTimeOffset Time, string Date, decimal Price, decimal Change, decimal ChangeRatePercent,
    decimal Open, decimal High, decimal Low, long CumulativeVolume)
{
    public static TickMessage From(Tick t) =>
        new(t.Ticker, t.Time, t.Time.ToKst().ToString("yyyy-MM-dd"), t.Price, t.Change, t.ChangeRatePercent, t.Open, t.High, t.Low, t.CumulativeVolume);
}
