using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Rules;

public sealed class RuleFormatValidatorTests
{
    private const string Overbought = "side == \"BUY\" and rsi14 >= 70";

    private static RuleProposal Proposal(
        string? category = "entry", string? condition = Overbought, string? action = "block", decimal? sizeFactor = null,
        int? priority = 8, string? rationale = "overbought buys lost 4 of 5 times", string? insightId = "I-1") =>
        new(category, condition, action, sizeFactor, priority, rationale, insightId);

    private static StrategyRule Enforced(string id, string condition, RuleAction action, decimal factor = 1m) => new()
    {
        RuleId = id,
        Category = RuleCategory.Entry,
        Condition = condition,
        Action = action,
        SizeFactor = factor,
        Priority = 5,
        Rationale = "enforced",
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static RuleValidation Validate(RuleProposal p, IReadOnlyList<StrategyRule>? enforced = null, IReadOnlyList<RuleFeatures>? snapshots = null) =>
        RuleFormatValidator.Validate(p, enforced ?? [], snapshots ?? []);

    private static string Single(RuleValidation v)
    {
        Assert.False(v.IsValid);
        return Assert.Single(v.Errors);
    }

    [Fact]
    public void Validate_AWellFormedEntryRule_IsValid_WithItsParsedParts()
    {
        var v = Validate(Proposal());
        Assert.True(v.IsValid, string.Join("; ", v.Errors));
        Assert.Empty(v.Errors);
        Assert.Equal(RuleCategory.Entry, v.Category);
        Assert.Equal(RuleAction.Block, v.Action);
        Assert.Equal(1m, v.SizeFactor);
        Assert.Equal(8, v.Priority);
        Assert.Equal("rsi14 >= 70 and side == \"BUY\"", v.Expression!.Normalized);
    }

    [Theory]
    [InlineData("ENTRY", "Block", RuleCategory.Entry, RuleAction.Block)]
    [InlineData(" Risk ", "reduce_size", RuleCategory.Risk, RuleAction.ReduceSize)]
    [InlineData("sizing", "Reduce-Size", RuleCategory.Sizing, RuleAction.ReduceSize)]
    [InlineData("Risk", "ReduceSize", RuleCategory.Risk, RuleAction.ReduceSize)]
    [InlineData("risk", "require_approval", RuleCategory.Risk, RuleAction.RequireApproval)]
    [InlineData("risk", "REQUIRE APPROVAL", RuleCategory.Risk, RuleAction.RequireApproval)]
    public void Validate_CategoryAndActionWords_AreReadCaseInsensitively(string category, string action, RuleCategory c, RuleAction a)
    {
        var v = Validate(Proposal(category: category, action: action, sizeFactor: a == RuleAction.ReduceSize ? 0.5m : null));
        Assert.True(v.IsValid, string.Join("; ", v.Errors));
        Assert.Equal(c, v.Category);
        Assert.Equal(a, v.Action);
    }

    [Fact]
    public void Validate_EverythingMissing_ListsEveryMissingPart()
    {
        var v = Validate(new RuleProposal(null, " ", "", null, null, null, null));
        Assert.False(v.IsValid);
        Assert.Equal(5, v.Errors.Count);
        Assert.Contains(v.Errors, e => e.StartsWith("category is missing"));
        Assert.Contains(v.Errors, e => e.StartsWith("condition is missing"));
        Assert.Contains(v.Errors, e => e.StartsWith("action is missing"));
        Assert.Contains(v.Errors, e => e.StartsWith("priority is missing"));
        Assert.Contains(v.Errors, e => e.StartsWith("rationale is missing"));
    }

    [Fact]
    public void Validate_UnknownCategory_IsRefusedNamingIt() =>
        Assert.Contains("category \"momentum\" is unknown", Single(Validate(Proposal(category: "momentum"))));

    [Theory]
    [InlineData("allow")]
    [InlineData("increase_size")]
    [InlineData("raise_limit")]
    [InlineData("disable")]
    [InlineData("Unblock")]
    public void Validate_LooseningAction_IsRefused_BecauseRulesCanOnlyRestrictTrading(string action)
    {
        var error = Single(Validate(Proposal(action: action)));
        Assert.Contains($"action \"{action}\" would loosen trading", error);
        Assert.Contains("rules can only restrict trading", error);
    }

    [Fact]
    public void Validate_UnknownAction_IsRefusedNamingTheActionsThatExist()
    {
        var error = Single(Validate(Proposal(action: "warn")));
        Assert.Contains("action \"warn\" is unknown", error);
        Assert.Contains("block, reduce_size or require_approval", error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1.5)]
    [InlineData(-0.2)]
    public void Validate_ReduceSizeFactorOutsideZeroToOne_IsRefused(double factor)
    {
        var error = Single(Validate(Proposal(action: "reduce_size", sizeFactor: (decimal)factor)));
        Assert.Contains("is outside (0, 1)", error);
        Assert.Contains(FormattableString.Invariant($"size factor {(decimal)factor} is"), error);
    }

    [Fact]
    public void Validate_ReduceSizeWithoutAFactor_IsRefused() =>
        Assert.Contains("size factor is missing", Single(Validate(Proposal(action: "reduce_size"))));

    [Fact]
    public void Validate_ReduceSizeWithAFactor_KeepsIt() =>
        Assert.Equal(0.25m, Validate(Proposal(action: "reduce_size", sizeFactor: 0.25m)).SizeFactor);

    [Fact]
    public void Validate_SizeFactorOnABlock_IsRefused() =>
        Assert.Contains("action block does not reduce size", Single(Validate(Proposal(action: "block", sizeFactor: 0.5m))));

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-3)]
    public void Validate_PriorityOutsideOneToTen_IsRefused(int priority) =>
        Assert.Equal($"priority {priority} is outside 1–10", Single(Validate(Proposal(priority: priority))));

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Validate_PriorityAtTheBounds_IsValid(int priority) => Assert.True(Validate(Proposal(priority: priority)).IsValid);

    [Fact]
    public void Validate_BadSyntax_IsRefusedWithThePosition()
    {
        var error = Single(Validate(Proposal(condition: "side == \"BUY\" and rsi14 >")));
        Assert.StartsWith("condition: ", error);
        Assert.Contains("ends too early", error);
        Assert.EndsWith("(at position 25)", error);
    }

    [Fact]
    public void Validate_UnknownField_IsRefusedNamingIt() =>
        Assert.Contains("unknown field 'momentum'", Single(Validate(Proposal(condition: "side == \"BUY\" and momentum > 1"))));

    [Fact]
    public void Validate_MixedTypes_AreRefused() =>
        Assert.Contains("rsi14 is a number and cannot be compared with \"high\"", Single(Validate(Proposal(condition: "side == \"BUY\" and rsi14 == \"high\""))));

    [Fact]
    public void Validate_ConditionTrueOfEveryRecordedSnapshot_IsRefusedAsAlwaysTrue()
    {
        var snapshots = Enumerable.Range(0, 5).Select(i => Features.Of($$"""{"side":"BUY","rsi14":{{70 + i}}}""")).ToList();
        var error = Single(Validate(Proposal(), snapshots: snapshots));
        Assert.Contains("always true", error);
        Assert.Contains("all 5 recorded BUY snapshots", error);
    }

    [Fact]
    public void Validate_ConditionTrueOfEveryBuy_IsAlwaysTrue_EvenWhenSellsAreRecordedToo()
    {
        var snapshots = Enumerable.Range(0, 5).Select(i => Features.Of($$"""{"side":"BUY","rsi14":{{40 + i}}}"""))
            .Concat(Enumerable.Range(0, 5).Select(_ => Features.Of("""{"side":"SELL","rsi14":50}"""))).ToList();
        var error = Single(Validate(Proposal(condition: "side == \"BUY\" and rsi14 >= 0"), snapshots: snapshots));
        Assert.Contains("all 5 recorded BUY snapshots", error);
    }

    [Theory]
    [InlineData("block", null)]
    [InlineData("reduce_size", 0.5)]
    public void Validate_ARuleThatWouldBlockOrShrinkSells_IsRefused(string action, double? factor)
    {
        var v = RuleFormatValidator.Validate(new RuleProposal("exit", "side == \"SELL\" and change_pct < -3", action,
            factor is null ? null : (decimal)factor.Value, 5, "stops sold into rebounds", null), [], []);
        Assert.False(v.IsValid);
        Assert.Contains(v.Errors, e => e.Contains("a rule on sells may only require_approval", StringComparison.Ordinal));
        Assert.True(RuleFormatValidator.Validate(new RuleProposal("exit", "side == \"SELL\" and change_pct < -3", "require_approval",
            null, 5, "stops sold into rebounds", null), [], []).IsValid);
    }

    [Fact]
    public void Validate_ConditionTrueOfFewerThanFiveSnapshots_IsNotJudgedAlwaysTrue()
    {
        var snapshots = Enumerable.Range(0, 4).Select(_ => Features.Of("""{"side":"BUY","rsi14":80}""")).ToList();
        Assert.True(Validate(Proposal(), snapshots: snapshots).IsValid);
    }

    [Fact]
    public void Validate_ConditionFalseOfOneSnapshot_IsNotAlwaysTrue()
    {
        var snapshots = Enumerable.Range(0, 9).Select(_ => Features.Of("""{"side":"BUY","rsi14":80}"""))
            .Append(Features.Of("""{"side":"BUY","rsi14":30}""")).ToList();
        Assert.True(Validate(Proposal(), snapshots: snapshots).IsValid);
    }

    [Fact]
    public void Validate_EntryRuleWithoutSide_IsRefused() =>
        Assert.Contains("an entry rule must restrict side == \"BUY\"", Single(Validate(Proposal(condition: "rsi14 >= 70"))));

    [Theory]
    [InlineData("side == \"BUY\" or rsi14 >= 70")]
    [InlineData("(side == \"BUY\" or held) and rsi14 >= 70")]
    [InlineData("side != \"SELL\" and rsi14 >= 70")]
    [InlineData("side == \"SELL\" and rsi14 >= 70")]
    public void Validate_EntryRuleWhoseSideIsNotATopLevelConjunct_IsRefused(string condition) =>
        Assert.Contains(Validate(Proposal(condition: condition)).Errors, e => e.Contains("must restrict side == \"BUY\"", StringComparison.Ordinal));

    [Fact]
    public void Validate_SideWrittenInADifferentShape_StillCounts() =>
        Assert.True(Validate(Proposal(condition: "(rsi14 >= 70 and (side == \"BUY\"))")).IsValid);

    [Fact]
    public void Validate_ExitRuleWithoutSellSide_IsRefused()
    {
        Assert.Contains("an exit rule must restrict side == \"SELL\"", Single(Validate(Proposal(category: "exit"))));
        Assert.True(Validate(Proposal(category: "exit", action: "require_approval", condition: "side == \"SELL\" and position_pnl_pct < -5")).IsValid);
    }

    [Theory]
    [InlineData("risk")]
    [InlineData("sizing")]
    public void Validate_RiskAndSizingRules_MayJudgeEitherSide(string category) =>
        Assert.True(Validate(Proposal(category: category, condition: "atr_pct > 8")).IsValid);

    [Fact]
    public void Validate_DuplicateOfAnEnforcedRule_IsRefusedNamingIt()
    {
        var enforced = Enforced("R-20261201-01", "rsi14 >= 70.0 and side == \"BUY\"", RuleAction.Block);
        var error = Single(Validate(Proposal(condition: "side==\"BUY\" and 70 <= rsi14"), [enforced]));
        Assert.Contains("duplicates enforced rule R-20261201-01", error);
    }

    [Fact]
    public void Validate_SameConditionWithAnotherAction_IsRefusedAsAContradiction()
    {
        var enforced = Enforced("R-7", Overbought, RuleAction.RequireApproval);
        var error = Single(Validate(Proposal(), [enforced]));
        Assert.Contains("contradicts enforced rule R-7", error);
        Assert.Contains("require_approval there and block here", error);
    }

    [Fact]
    public void Validate_SameConditionWithAnotherSizeFactor_IsRefusedAsAContradiction()
    {
        var enforced = Enforced("R-8", Overbought, RuleAction.ReduceSize, 0.5m);
        var error = Single(Validate(Proposal(action: "reduce_size", sizeFactor: 0.25m), [enforced]));
        Assert.Contains("contradicts enforced rule R-8", error);
        Assert.Contains("reduce_size ×0.5 there and reduce_size ×0.25 here", error);
        Assert.Contains("duplicates enforced rule R-8", Single(Validate(Proposal(action: "reduce_size", sizeFactor: 0.50m), [enforced])));
    }

    [Fact]
    public void Validate_OtherConditionsOrBrokenEnforcedRules_AreNoConflict()
    {
        var enforced = new[]
        {
            Enforced("R-1", "side == \"BUY\" and rsi14 > 70", RuleAction.Block),
            Enforced("R-2", "this does not parse", RuleAction.Block),
        };
        Assert.True(Validate(Proposal(), enforced).IsValid);
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllListed()
    {
        var v = Validate(Proposal(action: "allow", priority: 0, condition: "momentum > 1", rationale: ""));
        Assert.Equal(4, v.Errors.Count);
        Assert.Contains(v.Errors, e => e.Contains("rules can only restrict trading"));
        Assert.Contains(v.Errors, e => e.Contains("priority 0"));
        Assert.Contains(v.Errors, e => e.Contains("unknown field 'momentum'"));
        Assert.Contains(v.Errors, e => e.Contains("rationale is missing"));
    }

    [Fact]
    public void ToRule_ValidProposal_BuildsAProposedRule()
    {
        var p = Proposal(action: "reduce_size", sizeFactor: 0.5m, rationale: "  halve overbought buys ");
        var v = Validate(p);
        var at = new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.FromHours(9));
        var rule = RuleFormatValidator.ToRule(p, v, "R-20261206-01", "rep-1", at);
        Assert.Equal("R-20261206-01", rule.RuleId);
        Assert.Equal(RuleCategory.Entry, rule.Category);
        Assert.Equal(Overbought, rule.Condition);
        Assert.Equal(RuleAction.ReduceSize, rule.Action);
        Assert.Equal(0.5m, rule.SizeFactor);
        Assert.Equal(8, rule.Priority);
        Assert.Equal("halve overbought buys", rule.Rationale);
        Assert.Equal("I-1", rule.InsightId);
        Assert.Equal("rep-1", rule.ReportId);
        Assert.Equal(RuleStatus.Proposed, rule.Status);
        Assert.Equal(at, rule.CreatedAt);
        Assert.Empty(new ActiveStrategyRules([rule]).Skipped);
    }

    [Fact]
    public void ToRule_InvalidValidation_Throws()
    {
        var p = Proposal(priority: 0);
        Assert.Throws<ArgumentException>(() => RuleFormatValidator.ToRule(p, Validate(p), "R-1", null, DateTimeOffset.UnixEpoch));
        var good = Proposal();
        Assert.Throws<ArgumentException>(() => RuleFormatValidator.ToRule(good, Validate(good), " ", null, DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => RuleFormatValidator.ToRule(Proposal(condition: "side == \"BUY\" and held"), Validate(good), "R-1", null, DateTimeOffset.UnixEpoch));
    }
}
