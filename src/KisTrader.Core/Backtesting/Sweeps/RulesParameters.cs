using KisTrader.Core.Decisions;

namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>The rules engine's options a sweep may vary, by their configuration names (Trading:Rules:*). The weight cap
/// and the cash reserve are not among them: they come from the Risk section, and an engine sizing past the risk
/// engine's limits would only see its orders refused.</summary>
public static class RulesParameters
{
    private static readonly (string Name, bool Integer, Func<RulesEngineOptions, decimal, RulesEngineOptions> Apply)[] All =
    [
        (nameof(RulesEngineOptions.OversoldRsi), false, (o, v) => o with { OversoldRsi = v }),
        (nameof(RulesEngineOptions.OverboughtRsi), false, (o, v) => o with { OverboughtRsi = v }),
        (nameof(RulesEngineOptions.VolumeSurgeRatio), false, (o, v) => o with { VolumeSurgeRatio = v }),
        (nameof(RulesEngineOptions.MomentumMinChangePercent), false, (o, v) => o with { MomentumMinChangePercent = v }),
        (nameof(RulesEngineOptions.MomentumMaxChangePercent), false, (o, v) => o with { MomentumMaxChangePercent = v }),
        (nameof(RulesEngineOptions.BreakoutMaxRsi), false, (o, v) => o with { BreakoutMaxRsi = v }),
        (nameof(RulesEngineOptions.TrendMinRsi), false, (o, v) => o with { TrendMinRsi = v }),
        (nameof(RulesEngineOptions.TrendMaxRsi), false, (o, v) => o with { TrendMaxRsi = v }),
        (nameof(RulesEngineOptions.StopLossPercent), false, (o, v) => o with { StopLossPercent = v }),
        (nameof(RulesEngineOptions.TakeProfitPercent), false, (o, v) => o with { TakeProfitPercent = v }),
        (nameof(RulesEngineOptions.BuyFractionOfEquity), false, (o, v) => o with { BuyFractionOfEquity = v }),
        (nameof(RulesEngineOptions.MaxBuysPerRun), true, (o, v) => o with { MaxBuysPerRun = (int)v }),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The canonical name for <paramref name="name"/> (case-insensitive), or null when it cannot be swept.</summary>
    public static string? Canonical(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Name;

    public static bool IsInteger(string name) => All.Single(p => p.Name == name).Integer;

    /// <summary><paramref name="options"/> with <paramref name="values"/> applied in order.</summary>
    public static RulesEngineOptions Apply(RulesEngineOptions options, IEnumerable<ParameterValue> values)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var v in values)
        {
            var p = All.FirstOrDefault(x => x.Name == v.Name);
            if (p.Name is null) throw new ArgumentException($"'{v.Name}' is not a rules-engine option that can be swept.", nameof(values));
            options = p.Apply(options, v.Value);
        }
        return options;
    }
}
