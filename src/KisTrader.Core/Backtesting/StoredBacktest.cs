using System.Text.Json;
using System.Text.Json.Serialization;

namespace KisTrader.Core.Backtesting;

/// <summary>A backtest as kept: its id, when it ran, the code that ran it, and its report (which holds the inputs,
/// the data range and hash, and everything it traded).</summary>
public sealed record StoredBacktest(string Id, DateTimeOffset CreatedAt, string CodeVersion, BacktestReport Report)
{
    public const int MaxIdLength = 64;
    public const int MaxCodeVersionLength = 200;

    public BacktestSummary Summary() => new(Id, CreatedAt, CodeVersion, Report.Request.Engine, Report.Request.From, Report.Request.To,
        Report.Request.Tickers.Count, Report.Data.Sha256, Report.Metrics.TotalReturn, Report.Metrics.MaxDrawdown, Report.Metrics.Sharpe,
        Report.BuyAndHold.TotalReturn);

    /// <summary>Why this cannot be stored (a caller's bug, so stores throw), or null.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Id) || Id.Length > MaxIdLength ? $"backtest id '{Id}' is empty or longer than {MaxIdLength} characters"
        : string.IsNullOrWhiteSpace(CodeVersion) || CodeVersion.Length > MaxCodeVersionLength ? $"code version is empty or longer than {MaxCodeVersionLength} characters"
        : null;
}

/// <summary>One line of the backtest list.</summary>
public sealed record BacktestSummary(
    string Id, DateTimeOffset CreatedAt, string CodeVersion, string Engine, DateOnly From, DateOnly To, int Instruments, string DataSha256,
    double TotalReturn, double MaxDrawdown, double? Sharpe, double BuyAndHoldReturn);

/// <summary>The one JSON form of a backtest report: the stores' columns, <c>backtest --json</c>, the determinism test.
/// Enums as names, no indentation, property order as declared, so equal reports are equal bytes.</summary>
public static class BacktestJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        // NaN or infinity in a metric must not make a report unstorable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(BacktestReport report) => JsonSerializer.Serialize(report, Options);

    public static byte[] SerializeToUtf8Bytes(BacktestReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    public static BacktestReport Deserialize(string json) =>
        JsonSerializer.Deserialize<BacktestReport>(json, Options) ?? throw new JsonException("The stored backtest report is empty.");
}
