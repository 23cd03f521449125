using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Rules;

public sealed class ActiveStrategyRulesTests
{
    private static readonly PlannedOrder Order = new("005930", Side.Buy, 10, OrderPriceType.Limit, 70_000m, "test", 0.6m);

    internal static StrategyRule Rule(string id, string condition, RuleAction action, int priority = 5, decimal factor = 1m, string? rationale = null) => new()
    {
        RuleId = id,
        Category = RuleCategory.Risk,
        Condition = condition,
        Action = action,
        SizeFactor = factor,
        Priority = priority,
        Rationale = rationale ?? $"why {id}",
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static readonly RuleFeatures Hot = Features.Of("""{"side":"BUY","rsi14":80,"atr_pct":9,"held":false}""");

    [Fact]
    public void Match_WithoutRules_ReturnsNull()
    {
        Assert.Null(new ActiveStrategyRules().Match(Order, Hot));
        Assert.Empty(new ActiveStrategyRules().Current);
    }

    [Fact]
    public void Match_NoRuleMatching_ReturnsNull() =>
        Assert.Null(new ActiveStrategyRules([Rule("R-1", "rsi14 < 30", RuleAction.Block)]).Match(Order, Hot));

    [Fact]
    public void Match_AnyBlock_Blocks_NamingTheRuleAndItsRationale()
    {
        var rules = new ActiveStrategyRules([
            Rule("R-1", "rsi14 > 70", RuleAction.ReduceSize, priority: 9, factor: 0.5m),
            Rule("R-2", "atr_pct > 8", RuleAction.Block, priority: 2, rationale: "too volatile"),
            Rule("R-3", "held", RuleAction.Block),
        ]);
        var m = rules.Match(Order, Hot)!;
        Assert.Equal(RuleAction.Block, m.Action);
        Assert.Equal("R-2", m.RuleId);
        Assert.Equal("R-2: too volatile", m.Reason);
    }

    [Fact]
    public void Match_SeveralBlocks_ListsThemByPriority()
    {
        var rules = new ActiveStrategyRules([
            Rule("R-b", "atr_pct > 8", RuleAction.Block, priority: 3),
            Rule("R-a", "rsi14 > 70", RuleAction.Block, priority: 3),
            Rule("R-c", "side == \"BUY\"", RuleAction.Block, priority: 7),
        ]);
        var m = rules.Match(Order, Hot)!;
        Assert.Equal("R-c,R-a,R-b", m.RuleId);
        Assert.Equal("R-c: why R-c; R-a: why R-a; R-b: why R-b", m.Reason);
    }

    [Fact]
    public void Match_SeveralReduceSize_TakesTheSmallestFactor()
    {
        var rules = new ActiveStrategyRules([
            Rule("R-1", "rsi14 > 70", RuleAction.ReduceSize, priority: 9, factor: 0.5m),
            Rule("R-2", "atr_pct > 8", RuleAction.ReduceSize, priority: 4, factor: 0.3m),
            Rule("R-3", "atr_pct > 20", RuleAction.ReduceSize, priority: 4, factor: 0.1m),
        ]);
        var m = rules.Match(Order, Hot)!;
        Assert.Equal(RuleAction.ReduceSize, m.Action);
        Assert.Equal(0.3m, m.SizeFactor);
        Assert.Equal("R-1,R-2", m.RuleId);
        Assert.Contains("R-1: why R-1", m.Reason);
        Assert.Contains("R-2: why R-2", m.Reason);
    }

    [Fact]
    public void Match_ReduceSizeAndRequireApproval_RequiresApprovalCarryingTheFactor()
    {
        var rules = new ActiveStrategyRules([
            Rule("R-1", "rsi14 > 70", RuleAction.ReduceSize, factor: 0.5m),
            Rule("R-2", "atr_pct > 8", RuleAction.RequireApproval),
        ]);
        var m = rules.Match(Order, Hot)!;
        Assert.Equal(RuleAction.RequireApproval, m.Action);
        Assert.Equal(0.5m, m.SizeFactor);
        Assert.Equal("R-1,R-2", m.RuleId);
    }

    [Fact]
    public void Match_RequireApprovalAlone_KeepsTheSize()
    {
        var m = new ActiveStrategyRules([Rule("R-2", "atr_pct > 8", RuleAction.RequireApproval)]).Match(Order, Hot)!;
        Assert.Equal(RuleAction.RequireApproval, m.Action);
        Assert.Equal(1m, m.SizeFactor);
    }

    [Fact]
    public void Match_OnAbsentFeatures_NeverMatches()
    {
        var rules = new ActiveStrategyRules([Rule("R-1", "not rsi14 > 70", RuleAction.Block), Rule("R-2", "not held", RuleAction.Block)]);
        Assert.Null(rules.Match(Order, Features.Empty));
    }

    [Fact]
    public void Current_IsOrderedByPriorityThenId()
    {
        var rules = new ActiveStrategyRules([
            Rule("R-2", "held", RuleAction.Block, priority: 3),
            Rule("R-3", "held", RuleAction.Block, priority: 8),
            Rule("R-1", "held", RuleAction.Block, priority: 3),
        ]);
        Assert.Equal(["R-3", "R-1", "R-2"], rules.Current.Select(r => r.RuleId));
    }

    [Fact]
    public void Replace_RulesThatDoNotCompile_AreSkippedAndReported_NeverEnforced()
    {
        var rules = new ActiveStrategyRules();
        var skipped = rules.Replace([
            Rule("R-ok", "rsi14 > 90", RuleAction.Block),
            Rule("R-syntax", "rsi14 >", RuleAction.Block),
            Rule("R-field", "momentum > 1", RuleAction.Block),
            Rule("R-factor", "rsi14 > 70", RuleAction.ReduceSize, factor: 1.5m),
            Rule("R-priority", "rsi14 > 70", RuleAction.Block, priority: 11),
            Rule("R-action", "rsi14 > 70", (RuleAction)42),
            Rule("R-ok", "rsi14 > 70", RuleAction.Block),
            Rule("R-empty", "", RuleAction.Block),
        ]);
        Assert.Same(skipped, rules.Skipped);
        Assert.Equal(7, skipped.Count);
        Assert.Contains(skipped, s => s.StartsWith("R-syntax: condition does not compile") && s.Contains("ends too early"));
        Assert.Contains(skipped, s => s.StartsWith("R-field: condition does not compile") && s.Contains("momentum"));
        Assert.Contains(skipped, s => s.StartsWith("R-factor: reduce_size factor 1.5"));
        Assert.Contains(skipped, s => s.StartsWith("R-priority: priority 11"));
        Assert.Contains(skipped, s => s.StartsWith("R-action: unknown action"));
        Assert.Contains(skipped, s => s.StartsWith("R-ok: another rule in the set has the same id"));
        Assert.Contains(skipped, s => s.StartsWith("R-empty: the condition is empty"));
        Assert.Equal(["R-ok"], rules.Current.Select(r => r.RuleId));
        // rsi14 80: only the broken rules would match, and they are not enforced.
        Assert.Null(rules.Match(Order, Hot));
    }

    [Fact]
    public void Replace_WithNothing_EmptiesTheSet()
    {
        var rules = new ActiveStrategyRules([Rule("R-1", "held", RuleAction.Block)]);
        Assert.Empty(rules.Replace(null));
        Assert.Empty(rules.Current);
        Assert.Empty(rules.Skipped);
        rules.Replace([]);
        Assert.Empty(rules.Current);
    }

    [Fact]
    public async Task Match_ConcurrentWithReplace_SeesOneWholeSetOrTheOther()
    {
        // Set A blocks with two rules, set B reduces with one: a mix would show another combination.
        IReadOnlyList<StrategyRule> a = [Rule("A-1", "rsi14 > 70", RuleAction.Block), Rule("A-2", "atr_pct > 8", RuleAction.Block)];
        IReadOnlyList<StrategyRule> b = [Rule("B-1", "rsi14 > 70", RuleAction.ReduceSize, factor: 0.5m)];
        var rules = new ActiveStrategyRules(a);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var writer = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested) rules.Replace(i++ % 2 == 0 ? b : a);
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var seen = new HashSet<string>();
            while (!stop.IsCancellationRequested)
            {
                var m = rules.Match(Order, Hot)!;
                seen.Add($"{m.Action}:{m.RuleId}:{m.SizeFactor}");
            }
            return seen;
        })).ToList();
        await writer;
        foreach (var seen in await Task.WhenAll(readers))
            Assert.Subset(new HashSet<string> { "Block:A-1,A-2:1", "ReduceSize:B-1:0.5" }, seen);
    }
}
