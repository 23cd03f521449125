using System.Globalization;

namespace KisTrader.Core.Reflection;

/// <summary>
/// A rule backtested over the look-back: the same bars, rules-engine configuration and enforced rules as live, run once
/// without the rule and once with it. <see cref="Backtested"/> false (with <see cref="Note"/> saying why, e.g. "not
/// backtested: no history for …") means there is no result: every number is then zero and must not be read.
/// Money in KRW; drawdowns are fractions (0.05 = a 5% fall from the running peak).
/// </summary>
public sealed record RuleBacktest
{
    public required bool Backtested { get; init; }
    /// <summary>Why it was not backtested, or what to know about the result.</summary>
    public string? Note { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    /// <summary>The prompt version whose rules were the baseline (null when none was given).</summary>
    public int? PromptVersion { get; init; }
    /// <summary>The enforced rules of both runs (the rule itself only in the run with it).</summary>
    public IReadOnlyList<string> BaselineRules { get; init; } = [];
    public string Engine { get; init; } = "rules";
    public int Instruments { get; init; }
    public int Sessions { get; init; }
    /// <summary>SHA-256 of the bars both runs read.</summary>
    public string? DataSha256 { get; init; }
    public decimal EndingEquityWithout { get; init; }
    public decimal EndingEquityWith { get; init; }
    public int OrdersWithout { get; init; }
    public int OrdersWith { get; init; }
    /// <summary>Orders that filled in the run without the rule and have no counterpart (session, ticker, side) in the run
    /// with it.</summary>
    public int TradesBlocked { get; init; }
    /// <summary>Orders of the same session, ticker and side that filled fewer shares with the rule.</summary>
    public int TradesReduced { get; init; }
    public double MaxDrawdownWithout { get; init; }
    public double MaxDrawdownWith { get; init; }

    /// <summary>What the rule changed in the ending equity: positive = it made money (or avoided losing it).</summary>
    public decimal NetEffectKrw => EndingEquityWith - EndingEquityWithout;
    /// <summary>Positive = the rule deepened the maximum drawdown (worse), in fraction points.</summary>
    public double DrawdownChange => MaxDrawdownWith - MaxDrawdownWithout;

    public static RuleBacktest NotBacktested(DateOnly from, DateOnly to, string why, int? promptVersion = null) =>
        new() { Backtested = false, From = from, To = to, PromptVersion = promptVersion, Note = $"not backtested: {why}" };

    /// <summary>One line: "backtest 2026-09-07–2026-12-04: net +12,000 KRW, 3 trades blocked, drawdown 4.10% → 3.20%".</summary>
    public string Describe()
    {
        if (!Backtested) return Note ?? "not backtested";
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv,
            $"backtest {From:yyyy-MM-dd}–{To:yyyy-MM-dd} ({Sessions} sessions, {Instruments} instruments): net effect {NetEffectKrw:+#,0;-#,0;0} KRW, " +
            $"{TradesBlocked} trade(s) blocked, {TradesReduced} reduced, max drawdown {MaxDrawdownWithout:0.00%} without → {MaxDrawdownWith:0.00%} with");
    }
}

/// <summary>An enforced rule taken out of the active prompt version by an admin: who, when, why, the version written
/// without it and the backtest of the look-back with the rule against without it.</summary>
public sealed record RuleRetirement(string RetiredBy, DateTimeOffset RetiredAt, string Reason, int PromptVersion, RuleBacktest? Backtest);
