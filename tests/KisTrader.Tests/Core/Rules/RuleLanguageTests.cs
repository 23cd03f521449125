using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Rules;

public sealed class RuleLanguageTests
{
    private static bool Eval(string condition, string features) => RuleLanguage.Parse(condition).Evaluate(Features.Of(features));

    private static RuleSyntaxException Fails(string condition) => Assert.Throws<RuleSyntaxException>(() => RuleLanguage.Parse(condition));

    [Theory]
    [InlineData("rsi14 == 70", 70, true)]
    [InlineData("rsi14 == 70", 71, false)]
    [InlineData("rsi14 != 70", 71, true)]
    [InlineData("rsi14 != 70", 70, false)]
    [InlineData("rsi14 < 70", 69.9, true)]
    [InlineData("rsi14 < 70", 70, false)]
    [InlineData("rsi14 <= 70", 70, true)]
    [InlineData("rsi14 <= 70", 70.1, false)]
    [InlineData("rsi14 > 70", 70.1, true)]
    [InlineData("rsi14 > 70", 70, false)]
    [InlineData("rsi14 >= 70", 70, true)]
    [InlineData("rsi14 >= 70", 69, false)]
    public void Evaluate_EveryComparisonOperator_ComparesNumbers(string condition, double rsi, bool expected) =>
        Assert.Equal(expected, Eval(condition, $$"""{"rsi14":{{((decimal)rsi).ToString(CultureInfo.InvariantCulture)}}}"""));

    [Theory]
    [InlineData("side == \"BUY\"", true)]
    [InlineData("side != \"BUY\"", false)]
    [InlineData("side == \"SELL\"", false)]
    [InlineData("side != \"SELL\"", true)]
    public void Evaluate_TextEquality_ComparesExactly(string condition, bool expected) =>
        Assert.Equal(expected, Eval(condition, """{"side":"BUY"}"""));

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        // a or (b and c): with a true, b false it matches; (a or b) and c would not.
        const string condition = "held or change_pct > 10 and rsi14 > 70";
        Assert.True(Eval(condition, """{"held":true,"change_pct":0,"rsi14":0}"""));
        Assert.False(Eval(condition, """{"held":false,"change_pct":11,"rsi14":0}"""));
    }

    [Fact]
    public void Parse_ParenthesesOverridePrecedence()
    {
        const string condition = "(held or change_pct > 10) and rsi14 > 70";
        Assert.False(Eval(condition, """{"held":true,"change_pct":0,"rsi14":0}"""));
        Assert.True(Eval(condition, """{"held":false,"change_pct":11,"rsi14":71}"""));
    }

    [Fact]
    public void Parse_NotBindsTighterThanAnd()
    {
        // (not held) and signal_breakout, not not (held and signal_breakout)
        Assert.False(Eval("not held and signal_breakout", """{"held":false,"signal_breakout":false}"""));
        Assert.True(Eval("not (held and signal_breakout)", """{"held":false,"signal_breakout":false}"""));
    }

    [Fact]
    public void Parse_DocumentationExamples_Parse()
    {
        Assert.True(Eval("side == \"BUY\" and rsi14 >= 70 and change_pct > 10", """{"side":"BUY","rsi14":75,"change_pct":12}"""));
        Assert.True(Eval("side == \"BUY\" and (trend == \"down\" or signal_sharp_drop) and not held",
            """{"side":"BUY","trend":"flat","signal_sharp_drop":true,"held":false}"""));
    }

    [Theory]
    [InlineData("change_pct > -2.5", """{"change_pct":-2}""", true)]
    [InlineData("change_pct > -2.5", """{"change_pct":-3}""", false)]
    [InlineData("change_pct < 0.25", """{"change_pct":0.2}""", true)]
    [InlineData("trend == \"down\"", """{"trend":"down"}""", true)]
    [InlineData("held == true", """{"held":true}""", true)]
    [InlineData("held == false", """{"held":true}""", false)]
    [InlineData("held != false", """{"held":true}""", true)]
    [InlineData("held", """{"held":true}""", true)]
    [InlineData("not held", """{"held":true}""", false)]
    [InlineData("70 <= rsi14", """{"rsi14":70}""", true)]
    [InlineData("price > sma20", """{"price":100,"sma20":90}""", true)]
    [InlineData("price > sma20", """{"price":80,"sma20":90}""", false)]
    [InlineData("held == above_high_20d", """{"held":true,"above_high_20d":true}""", true)]
    public void Evaluate_Literals_NumbersStringsBooleansAndFields(string condition, string features, bool expected) =>
        Assert.Equal(expected, Eval(condition, features));

    [Fact]
    public void Parse_UnknownField_FailsNamingTheField()
    {
        var e = Fails("side == \"BUY\" and momentum > 3");
        Assert.Contains("unknown field 'momentum'", e.Message);
        Assert.Equal(18, e.Position);
    }

    [Fact]
    public void Parse_UnknownFieldCloseToAKnownOne_SuggestsIt()
    {
        Assert.Contains("did you mean rsi14?", Fails("rsi > 70").Message);
        Assert.Contains("did you mean change_pct?", Fails("change_pc > 7").Message);
    }

    [Theory]
    [InlineData("rsi14 == \"high\"", "rsi14 is a number", 9)]
    [InlineData("rsi14 == true", "rsi14 is a number", 9)]
    [InlineData("side > \"BUY\"", "only == and != compare text", 5)]
    [InlineData("side == 1", "side is text", 8)]
    [InlineData("side == \"buy\"", "side is \"BUY\" or \"SELL\"", 8)]
    [InlineData("trend == \"sideways\"", "trend is \"up\" or \"down\" or \"flat\"", 9)]
    [InlineData("ticker == \"samsung\"", "6-character KRX code", 10)]
    [InlineData("held > true", "held is a flag", 5)]
    [InlineData("held == 1", "held is a flag", 8)]
    [InlineData("rsi14", "rsi14 is a number, not a condition", 0)]
    [InlineData("side", "side is text, not a condition", 0)]
    [InlineData("true", "a value alone (true) is not a condition", 0)]
    [InlineData("1 < 2", "compares two values", 0)]
    [InlineData("rsi14 > trend", "rsi14 is a number and trend is text", 6)]
    [InlineData("held > above_high_20d", "only == and != compare them", 5)]
    [InlineData("rsi14 > rsi14", "compared with itself", 0)]
    public void Parse_TypeErrors_AreRefusedNamingTheFieldAndPosition(string condition, string message, int position)
    {
        var e = Fails(condition);
        Assert.Contains(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Theory]
    [InlineData("rsi14 > ", 8, "ends too early")]
    [InlineData("(rsi14 > 70", 11, "expected ')'")]
    [InlineData("rsi14 > 70)", 10, "unexpected ')'")]
    [InlineData("rsi14 > 70 held", 11, "join conditions with 'and' or 'or'")]
    [InlineData("rsi14 = 70", 6, "write ==")]
    [InlineData("rsi14 > 70 AND held", 11, "keywords are lower case")]
    [InlineData("rsi14 > 70 && held", 11, "write 'and'")]
    [InlineData("!held", 0, "write 'not'")]
    [InlineData("side == 'BUY'", 8, "double quotes")]
    [InlineData("side == \"BUY", 8, "not closed")]
    [InlineData("rsi14 > 70abc", 10, "a number cannot continue")]
    [InlineData("rsi14 > 7.", 8, "digits after its decimal point")]
    [InlineData("rsi14 >> 70", 7, "expected a field, a value")]
    [InlineData("rsi14 > 70 and", 14, "ends too early")]
    [InlineData("rsi14 <> 70", 6, "write !=")]
    [InlineData("rsi14 > 70 # comment", 11, "unexpected character '#'")]
    public void Parse_SyntaxErrors_NameTheProblemAndItsPosition(string condition, int position, string message)
    {
        var e = Fails(condition);
        Assert.Contains(message, e.Message);
        Assert.Equal(position, e.Position);
        Assert.Contains($"at position {position}", e.Message);
    }

    [Fact]
    public void Parse_SeveralUnknownFieldsAndTypeErrors_NamesEveryOne()
    {
        var e = Fails("momentum > 1 and side > \"BUY\" and foo");
        Assert.Contains("'momentum'", e.Message);
        Assert.Contains("only == and != compare text", e.Message);
        Assert.Contains("'foo'", e.Message);
        Assert.Equal(0, e.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_EmptyCondition_Fails(string condition) => Assert.Contains("empty", Fails(condition).Message);

    [Fact]
    public void Parse_LongerThanTheLimit_Fails()
    {
        var atLimit = "rsi14 > 70" + new string(' ', RuleLanguage.MaxLength - 10);
        Assert.Equal(RuleLanguage.MaxLength, atLimit.Length);
        RuleLanguage.Parse(atLimit);
        var e = Fails(atLimit + " ");
        Assert.Contains("more than the 512 allowed", e.Message);
    }

    [Fact]
    public void Parse_64Terms_Parse_AndA65thIsBeyondTheLimits()
    {
        // 64 of the shortest terms nearly fill the 512 characters, so a 65th always breaks the length limit first.
        Assert.NotNull(RuleLanguage.Parse(string.Join(" or ", Enumerable.Repeat("held", RuleLanguage.MaxTerms))));
        Assert.Throws<RuleSyntaxException>(() => RuleLanguage.Parse(string.Join(" or ", Enumerable.Repeat("held", RuleLanguage.MaxTerms + 1))));
    }

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_Fails() =>
        Assert.Contains("nests deeper", Fails(new string('(', 40) + "held" + new string(')', 40)).Message);

    [Fact]
    public void TryParse_Null_ReturnsFalseWithAnError()
    {
        Assert.False(RuleLanguage.TryParse(null, out var expression, out var error));
        Assert.Null(expression);
        Assert.Contains("missing", error);
    }

    [Fact]
    public void TryParse_BadAndGoodConditions_ReportTheError()
    {
        Assert.False(RuleLanguage.TryParse("rsi > 70", out var bad, out var error));
        Assert.Null(bad);
        Assert.Contains("unknown field 'rsi'", error);
        Assert.True(RuleLanguage.TryParse("rsi14 > 70", out var good, out var none));
        Assert.Null(none);
        Assert.Equal("rsi14 > 70", good!.Text);
    }

    [Fact]
    public void Fields_ListsEveryFieldTheConditionReads()
    {
        var e = RuleLanguage.Parse("side == \"BUY\" and (price > sma20 or not held) and rsi14 >= 70");
        Assert.Equal(["held", "price", "rsi14", "side", "sma20"], e.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_AbsentField_IsNoMatch()
    {
        Assert.False(Eval("rsi14 > 70", "{}"));
        Assert.False(Eval("rsi14 <= 70", "{}"));
        Assert.False(Eval("price > sma20", """{"price":100}"""));
        Assert.False(Eval("held", "{}"));
        Assert.False(Eval("trend != \"up\"", "{}"));
    }

    [Fact]
    public void Evaluate_NotOfAnAbsentField_IsNoMatchToo()
    {
        Assert.False(Eval("not rsi14 > 70", "{}"));
        Assert.False(Eval("not held", "{}"));
        Assert.False(Eval("not (rsi14 > 70 and side == \"BUY\")", """{"side":"BUY"}"""));
        Assert.False(Eval("not not rsi14 > 70", "{}"));
    }

    [Fact]
    public void Evaluate_UnknownOperand_FollowsThreeValuedLogic()
    {
        // unknown or true = true; unknown and false = false; not (unknown and false) = true.
        Assert.True(Eval("rsi14 > 70 or held", """{"held":true}"""));
        Assert.False(Eval("rsi14 > 70 or held", """{"held":false}"""));
        Assert.False(Eval("rsi14 > 70 and held", """{"held":true}"""));
        Assert.True(Eval("not (rsi14 > 70 and held)", """{"held":false}"""));
    }

    [Fact]
    public void Evaluate_NullFeatures_IsNoMatch() => Assert.False(RuleLanguage.Parse("not held").Evaluate(null!));

    [Theory]
    [InlineData("side == \"BUY\" and rsi14 >= 70", "rsi14>=70   and side==\"BUY\"")]
    [InlineData("side == \"BUY\" and rsi14 >= 70", "((side == \"BUY\") and (rsi14 >= 70))")]
    [InlineData("rsi14 >= 70", "70 <= rsi14")]
    [InlineData("rsi14 >= 70", "rsi14 >= 70.0")]
    [InlineData("rsi14 >= 70", "rsi14 >= 070.00")]
    [InlineData("change_pct > -2.5", "change_pct > -2.50")]
    [InlineData("held or signal_breakout or rsi14 > 70", "rsi14 > 70 or (signal_breakout or held)")]
    [InlineData("held and held", "held")]
    [InlineData("held", "held == true")]
    [InlineData("held", "held != false")]
    [InlineData("not held", "held == false")]
    [InlineData("not held", "not not not held")]
    [InlineData("rsi14 <= 70 and not held", "not (rsi14 > 70 or held)")]
    [InlineData("side != \"BUY\"", "not side == \"BUY\"")]
    [InlineData("price > sma20", "sma20 < price")]
    [InlineData("side == \"BUY\" and (held or trend == \"down\")", "(trend == \"down\" or held) and side == \"BUY\"")]
    public void Normalized_SameMeaning_GivesTheSameString(string a, string b)
        => Assert.Equal(RuleLanguage.Parse(a).Normalized, RuleLanguage.Parse(b).Normalized);

    [Theory]
    [InlineData("rsi14 > 70", "rsi14 >= 70")]
    [InlineData("held and signal_breakout", "held or signal_breakout")]
    [InlineData("held", "not held")]
    [InlineData("side == \"BUY\"", "side == \"SELL\"")]
    [InlineData("(held or signal_breakout) and rsi14 > 70", "held or signal_breakout and rsi14 > 70")]
    public void Normalized_DifferentMeaning_GivesDifferentStrings(string a, string b) =>
        Assert.NotEqual(RuleLanguage.Parse(a).Normalized, RuleLanguage.Parse(b).Normalized);

    [Fact]
    public void Normalized_IsReadableAndIndependentOfTheCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var e = RuleLanguage.Parse("side==\"BUY\" and (trend==\"down\" or change_pct < -2.50) and not held");
            Assert.Equal("(change_pct < -2.5 or trend == \"down\") and not held and side == \"BUY\"", e.Normalized);
            Assert.Equal("side==\"BUY\" and (trend==\"down\" or change_pct < -2.50) and not held", e.Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Normalized_ParsesBackToItself()
    {
        var e = RuleLanguage.Parse("not (side == \"SELL\" or ticker == \"005930\") and (rsi14 > 70.0 or 3 < volume_surge)");
        Assert.Equal(e.Normalized, RuleLanguage.Parse(e.Normalized).Normalized);
    }

    [Fact]
    public void Parse_StringEscapes_AreRead()
    {
        var e = RuleLanguage.TryParse("trend == \"a\\\"b\"", out _, out var error);
        Assert.False(e);
        Assert.Contains("never \"a\\\"b\"", error);
    }
}
