using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Web.Reflection;

/// <summary>How a rule's action reads on the pages and the command line.</summary>
public static class RuleText
{
    public static string Action(StrategyRule r) => r.Action switch
    {
        RuleAction.Block => "block",
        RuleAction.ReduceSize => string.Create(CultureInfo.InvariantCulture, $"reduce size to {r.SizeFactor * 100m:0.#}%"),
        RuleAction.RequireApproval => "require approval",
        _ => r.Action.ToString(),
    };
}
