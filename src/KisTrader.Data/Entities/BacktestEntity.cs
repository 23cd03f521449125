namespace KisTrader.Data.Entities;

/// <summary>Row of <c>backtests</c>: one stored backtest. The summary columns serve the list; the request and the whole
/// report (metrics, benchmarks, orders, fills, daily equity) are JSON text (<c>BacktestJson</c>), the same on both providers.
/// Dates are yyyy-MM-dd text and the creation time milliseconds since the epoch, so both providers sort them alike.</summary>
public sealed class BacktestEntity
{
    public string Id { get; set; } = "";
    public long CreatedAtMs { get; set; }
    public string CodeVersion { get; set; } = "";
    public string Engine { get; set; } = "";
    public string FromDate { get; set; } = "";
    public string ToDate { get; set; } = "";
    public int Instruments { get; set; }
    public string DataFirst { get; set; } = "";
    public string DataLast { get; set; } = "";
    public int DataBars { get; set; }
    public string DataSha256 { get; set; } = "";
    public double TotalReturn { get; set; }
    public double MaxDrawdown { get; set; }
    public double? Sharpe { get; set; }
    public double BuyAndHoldReturn { get; set; }
    public string RequestJson { get; set; } = "";
    public string ReportJson { get; set; } = "";
}
