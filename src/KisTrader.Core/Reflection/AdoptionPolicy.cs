using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>Whether a valid rule is adopted without an admin, and why (or why not).</summary>
public sealed record AdoptionDecision(bool Adopt, string Reason);

/// <summary>Auto-adoption: only when enabled, the shadow replay's net effect is positive (it would have avoided more
/// loss than it missed profit), it matched at least MinTrades trades, and its backtest of the look-back (when there is
/// one) does not make things worse: no net loss, no maximum drawdown deeper than the tolerance. Anything else stays
/// Proposed for an admin. A rule that could not be backtested is judged on the shadow replay alone, and says so.
/// A RequireApproval rule never nets anything in the replay, so it always waits for an admin.</summary>
public static class AdoptionPolicy
{
    public static AdoptionDecision Decide(ShadowResult shadow, ReflectionOptions options, RuleBacktest? backtest = null)
    {
        var net = shadow.NetEffectKrw.ToString("#,0", CultureInfo.InvariantCulture);
        var note = backtest is { Backtested: false, Note: { } n } ? $"; {n}" : "";
        if (!options.AutoAdopt) return new(false, "auto-adoption is off: waits for an admin" + note);
        if (shadow.Matched < options.MinTrades)
            return new(false, $"matched {shadow.Matched} recorded trade(s), fewer than {options.MinTrades}: waits for an admin" + note);
        if (!shadow.IsPositive)
            return new(false, $"shadow net effect {net} KRW is not positive: waits for an admin" + note);
        if (backtest is not null && WhyWorse(backtest, options.BacktestDrawdownTolerance) is { } worse)
            return new(false, $"{worse}: not adopted automatically, waits for an admin");
        var tested = backtest is { Backtested: true } b ? $"; {b.Describe()}" : note;
        return new(true, $"auto-adopted: shadow net effect +{net} KRW over {shadow.Matched} matched trades " +
            $"({shadow.BlockedLosers} losers, {shadow.BlockedWinners} winners stopped){tested}");
    }

    /// <summary>Worse: it lost money over the look-back, or deepened the maximum drawdown by more than
    /// <paramref name="drawdownTolerance"/> (fraction points). Null when it is not worse or was not backtested.</summary>
    public static string? WhyWorse(RuleBacktest backtest, double drawdownTolerance)
    {
        if (!backtest.Backtested) return null;
        var inv = CultureInfo.InvariantCulture;
        if (backtest.NetEffectKrw < 0m)
            return string.Create(inv, $"its backtest of the look-back makes things worse: net effect {backtest.NetEffectKrw:#,0} KRW ({backtest.Describe()})");
        if (backtest.DrawdownChange > drawdownTolerance)
            return string.Create(inv,
                $"its backtest of the look-back makes things worse: max drawdown {backtest.MaxDrawdownWithout:0.00%} → {backtest.MaxDrawdownWith:0.00%}, " +
                $"deeper by more than the {drawdownTolerance:0.00%} tolerance ({backtest.Describe()})");
        return null;
    }
}
