using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>One stored bar of market history. <see cref="Time"/> is the bar's start in KST: midnight of the session's
/// date for daily bars, the minute's start for minute bars. Raw prices are what traded (KRW, or index points for the
/// <see cref="MarketIndexes"/> codes); adjusted prices are the raw ones scaled for later splits and similar corporate
/// actions (equal to raw where no adjustment is known). <see cref="Source"/> names where the bar came from: "kis",
/// "simulator", "csv:&lt;file name&gt;".</summary>
public sealed record HistoryBar(
    string Ticker,
    BarResolution Resolution,
    DateTimeOffset Time,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal AdjustedOpen,
    decimal AdjustedHigh,
    decimal AdjustedLow,
    decimal AdjustedClose,
    long Volume,
    decimal TradedValue,
    string Source,
    DateTimeOffset CollectedAt)
{
    /// <summary>The session's KST date.</summary>
    public DateOnly Date => KrxCalendar.KstDate(Time);

    /// <summary>The first instant a point-in-time read may see this bar (see <see cref="PointInTime"/>).</summary>
    public DateTimeOffset AvailableAt => PointInTime.AvailableAt(Resolution, Time);

    /// <summary>A daily bar whose adjusted prices equal its raw ones (no adjustment known).</summary>
    public static HistoryBar Daily(string ticker, DateOnly date, decimal open, decimal high, decimal low, decimal close, long volume,
        decimal tradedValue, string source, DateTimeOffset collectedAt) =>
        new(ticker, BarResolution.Day, new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset),
            open, high, low, close, open, high, low, close, volume, tradedValue, source, collectedAt);

    /// <summary>A daily bar from the raw bar of a day (what traded) and the adjusted bar of the same day (scaled for later
    /// splits); volume and traded value are the raw bar's.</summary>
    public static HistoryBar Daily(string ticker, Bar raw, Bar adjusted, string source, DateTimeOffset collectedAt) =>
        new(ticker, BarResolution.Day, new DateTimeOffset(raw.Date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset),
            raw.Open, raw.High, raw.Low, raw.Close, adjusted.Open, adjusted.High, adjusted.Low, adjusted.Close,
            raw.Volume, raw.TradeValue, source, collectedAt);

    /// <summary>Two days' <see cref="AdjustmentFactor"/>s closer than this (relative) are the same adjustment: adjusted
    /// prices are rounded (KIS answers whole won), so the factor wobbles a little without any corporate action.</summary>
    public const decimal AdjustmentTolerance = 0.01m;

    /// <summary>Raw close ÷ adjusted close: 1 where no adjustment is known, 50 before a 1:50 split.</summary>
    public decimal AdjustmentFactor => AdjustedClose > 0 ? Close / AdjustedClose : 1m;

    /// <summary>A minute bar starting at <paramref name="start"/> whose adjusted prices equal its raw ones.</summary>
    public static HistoryBar OneMinute(string ticker, DateTimeOffset start, decimal open, decimal high, decimal low, decimal close, long volume,
        decimal tradedValue, string source, DateTimeOffset collectedAt) =>
        new(ticker, BarResolution.Minute, start.ToKst(), open, high, low, close, open, high, low, close, volume, tradedValue, source, collectedAt);

    /// <summary>The longest <see cref="Source"/> a store keeps.</summary>
    public const int MaxSourceLength = 200;

    /// <summary>Why this bar cannot be stored (a bug in its producer, so stores throw), or null: an empty ticker, a
    /// daily bar not at KST midnight, a minute bar not on a whole minute, a negative price, volume or traded value, an
    /// empty source or one longer than <see cref="MaxSourceLength"/>.</summary>
    public string? KeyProblem()
    {
        var kst = Time.ToKst();
        if (string.IsNullOrWhiteSpace(Ticker) || Ticker.Length > 12) return $"ticker '{Ticker}' is empty or longer than 12 characters";
        if (Resolution == BarResolution.Day && kst.TimeOfDay != TimeSpan.Zero) return $"daily bar {Ticker} at {kst:O} does not start at KST midnight";
        if (Resolution == BarResolution.Minute && (kst.Second != 0 || kst.Millisecond != 0 || kst.Microsecond != 0))
            return $"minute bar {Ticker} at {kst:O} does not start on a whole minute";
        if (!Enum.IsDefined(Resolution)) return $"unknown resolution {(int)Resolution}";
        if (string.IsNullOrEmpty(Source) || Source.Length > MaxSourceLength) return $"source of {Ticker} at {kst:O} is empty or longer than {MaxSourceLength} characters";
        if (new[] { Open, High, Low, Close, AdjustedOpen, AdjustedHigh, AdjustedLow, AdjustedClose, TradedValue }.Any(p => p < 0) || Volume < 0)
            return $"bar {Ticker} at {kst:O} has a negative price, volume or traded value";
        return null;
    }

    /// <summary>The bar as the indicators and the analysis take it: adjusted prices (the default, so a split does not
    /// look like a crash) or the raw ones (what an order could actually have traded at).</summary>
    public Bar ToBar(bool adjusted = true) => adjusted
        ? new Bar(Time, AdjustedOpen, AdjustedHigh, AdjustedLow, AdjustedClose, Volume, TradedValue)
        : new Bar(Time, Open, High, Low, Close, Volume, TradedValue);
}
