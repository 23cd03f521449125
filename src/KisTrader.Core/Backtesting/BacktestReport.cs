using System.Text.Json.Serialization;
using KisTrader.Core.Exchange;

namespace KisTrader.Core.Backtesting;

/// <summary>What a backtest found: its metrics beside the benchmarks, where the result came from, and everything it
/// traded. Nothing in it depends on the wall clock or on random ids, so the same request over the same bars serialises
/// to the same bytes.</summary>
public sealed record BacktestReport(
    BacktestRequestSummary Request,
    BacktestDataRange Data,
    BacktestMetrics Metrics,
    BacktestMetrics BuyAndHold,
    BacktestMetrics? Index,
    string IndexNote,
    int Decisions,
    int NoDecisions,
    IReadOnlyList<InstrumentContribution> Contributions,
    IReadOnlyList<MonthlyReturn> MonthlyReturns,
    IReadOnlyList<DailyEquity> Equity,
    IReadOnlyList<BacktestOrder> Orders,
    IReadOnlyList<BacktestFill> Fills)
{
    /// <summary>LLM engine over the response cache: the decisions that found no cached answer and could not fetch one
    /// (replay only, or the budget spent), each counted as "no decision". Null (and not written) for other engines.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LlmCacheMisses { get; init; }
}

/// <summary>The request as stored with the report (plain values).</summary>
public sealed record BacktestRequestSummary(
    DateOnly From, DateOnly To, IReadOnlyList<string> Tickers, string Engine, string Resolution, decimal InitialCash,
    string DecisionTime, int SlippageTicks, decimal SlippageRangeFraction, decimal? ParticipationCap, decimal CommissionRate,
    int? PromptVersion, IReadOnlyList<string> StrategyRules,
    // Off by default and then not written, so reports from before it keep their bytes.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool SellsMeetTheBid = false);

/// <summary>The bars a backtest read: first and last date (warm-up included), how many, and a SHA-256 over them.</summary>
public sealed record BacktestDataRange(DateOnly FirstBar, DateOnly LastBar, int Bars, string Sha256);

/// <summary>One instrument's part of the result: realised and unrealised P&amp;L net of costs, and that as a fraction of
/// the starting cash.</summary>
public sealed record InstrumentContribution(string Ticker, decimal Pnl, double Contribution, long Bought, long Sold, long Held);

public sealed record MonthlyReturn(int Year, int Month, double Return, double? BuyAndHold, double? Index);

/// <summary>One session's close: the strategy's equity and drawdown from its running peak, and the benchmarks'.</summary>
public sealed record DailyEquity(DateOnly Date, decimal Equity, decimal SecuritiesValue, double Drawdown, decimal BuyAndHold, decimal? Index);

/// <summary>One order the strategy sent (or the risk engine refused), numbered in the run, with why.</summary>
public sealed record BacktestOrder(
    int Number, DateTimeOffset Time, string Ticker, Side Side, long Quantity, string Type, decimal? LimitPrice, string Status,
    long FilledQuantity, decimal? AverageFillPrice, string? BrokerOrderNo, string? Justification, string? Error);
