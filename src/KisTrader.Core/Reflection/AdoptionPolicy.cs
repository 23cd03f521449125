using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>Whether a valid rule is adopted without an admin, and why (or why not).</summary>
public sealed record AdoptionDecision(bool Adopt, string Reason);

/// <summary>Auto-adoption: only when enabled, the shadow replay's net effect is positive (it would have avoided more
/// loss than it missed profit) and it matched at least MinTrades trades. Anything else stays Proposed for an admin.
/// A RequireApproval rule never nets anything in the replay, so it always waits for an admin.</summary>
public static class AdoptionPolicy
{
    public static AdoptionDecision Decide(ShadowResult shadow, ReflectionOptions options)
    {
        var net = shadow.NetEffectKrw.ToString("#,0", CultureInfo.InvariantCulture);
        if (!options.AutoAdopt) return new(false, "auto-adoption is off: waits for an admin");
        if (shadow.Matched < options.MinTrades)
            return new(false, $"matched {shadow.Matched} recorded trade(s), fewer than {options.MinTrades}: waits for an admin");
        if (!shadow.IsPositive)
            return new(false, $"shadow net effect {net} KRW is not positive: waits for an admin");
        return new(true, $"auto-adopted: shadow net effect +{net} KRW over {shadow.Matched} matched trades " +
            $"({shadow.BlockedLosers} losers, {shadow.BlockedWinners} winners stopped)");
    }
}
