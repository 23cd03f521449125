using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Reflection;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Tests.Backtesting;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>Reflection's backtest of a rule: the look-back run without and with the rule over the stored history.</summary>
public sealed class RuleBacktestEvaluatorTests
{
    internal static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
        DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
    };

    /// <summary>The backtester's trending walks (three instruments, 160 sessions from 2026-01-05) in a history store.</summary>
    internal static async Task<(InMemoryMarketHistory Store, List<DateOnly> Dates)> HistoryAsync(int sessions = 160)
    {
        var bars = OperationalGraphOverHistoryTests.Bars(new KrxCalendar(), sessions);
        var store = new InMemoryMarketHistory();
        await store.UpsertAsync([.. bars.SelectMany(kv => kv.Value.Select(b =>
            HistoryBar.Daily(kv.Key, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "test", DateTimeOffset.UnixEpoch)))]);
        return (store, bars["005930"].Select(b => b.Date).ToList());
    }

    internal static RuleBacktestSettings Settings(IReadOnlyList<string>? tickers = null) => new() { Tickers = tickers, RiskLimits = Limits };

    internal static StrategyRule Rule(string id, string condition, RuleAction action = RuleAction.Block, decimal factor = 1m) => new()
    {
        RuleId = id, Category = RuleCategory.Entry, Condition = condition, Action = action, SizeFactor = factor, Priority = 5,
        Rationale = "test", CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static BacktestRequest Request(List<DateOnly> dates, IReadOnlyList<StrategyRule> rules) => new()
    {
        From = dates[70], To = dates[^1], Engine = BacktestEngineKind.Rules, RiskLimits = Limits, StrategyRules = rules,
    };

    private static HashSet<(DateOnly, string, KisTrader.Core.Exchange.Side)> Filled(BacktestReport report) =>
        [.. report.Orders.Where(o => o.FilledQuantity > 0).Select(o => (KrxCalendar.KstDate(o.Time), o.Ticker, o.Side))];

    [Fact]
    public async Task A_rule_is_compared_with_the_same_backtest_run_without_it()
    {
        var (store, dates) = await HistoryAsync();
        var rule = Rule("R-1", "side == \"BUY\" and ticker == \"005930\"");

        var result = (await new RuleBacktestEvaluator(store, Settings()).EvaluateAsync([rule], [], dates[70], dates[^1], 4))["R-1"];

        // The same runs made directly with the backtest engine.
        var bars = await BacktestBars.LoadAsync(store, Request(dates, []));
        var without = await new BacktestEngine().RunAsync(Request(dates, []), bars);
        var with = await new BacktestEngine().RunAsync(Request(dates, [rule]), bars);
        Assert.True(result.Backtested);
        Assert.Null(result.Note);
        Assert.Equal((dates[70], dates[^1], 4, 3, 90), (result.From, result.To, result.PromptVersion, result.Instruments, result.Sessions));
        Assert.Equal(with.Metrics.EndingEquity - without.Metrics.EndingEquity, result.NetEffectKrw);
        Assert.Equal((without.Metrics.MaxDrawdown, with.Metrics.MaxDrawdown), (result.MaxDrawdownWithout, result.MaxDrawdownWith));
        Assert.Equal((without.Orders.Count, with.Orders.Count), (result.OrdersWithout, result.OrdersWith));
        Assert.Equal(without.Data.Sha256, result.DataSha256);
        // The rule stopped every buy of 005930, and those are among what it blocked.
        Assert.DoesNotContain(Filled(with), k => k.Item2 == "005930" && k.Item3 == KisTrader.Core.Exchange.Side.Buy);
        var buys = Filled(without).Count(k => k.Item2 == "005930" && k.Item3 == KisTrader.Core.Exchange.Side.Buy);
        Assert.True(buys > 0, "the data should make the rules engine buy 005930");
        Assert.Equal(Filled(without).Except(Filled(with)).Count(), result.TradesBlocked);
        Assert.True(result.TradesBlocked >= buys);
        Assert.NotEqual(0m, result.NetEffectKrw);
    }

    [Fact]
    public async Task A_rule_blocking_every_buy_trades_nothing_and_counts_every_filled_order_as_blocked()
    {
        var (store, dates) = await HistoryAsync();
        var result = (await new RuleBacktestEvaluator(store, Settings()).EvaluateAsync([Rule("R-1", "side == \"BUY\"")], [], dates[70], dates[^1], 1))["R-1"];

        var without = await new BacktestEngine().RunAsync(Request(dates, []), await BacktestBars.LoadAsync(store, Request(dates, [])));
        Assert.Equal(100_000_000m, result.EndingEquityWith);
        Assert.Equal((0, 0d), (result.OrdersWith, result.MaxDrawdownWith));
        Assert.Equal(Filled(without).Count, result.TradesBlocked);
        Assert.Equal(100_000_000m - without.Metrics.EndingEquity, result.NetEffectKrw);
    }

    [Fact]
    public async Task A_rule_already_in_the_baseline_is_compared_against_the_baseline_without_it()
    {
        var (store, dates) = await HistoryAsync();
        var evaluator = new RuleBacktestEvaluator(store, Settings());
        var retiring = Rule("R-2", "side == \"BUY\" and ticker == \"035420\"");
        var other = Rule("R-3", "side == \"BUY\" and ticker == \"000660\"");

        var asEnforced = (await evaluator.EvaluateAsync([retiring], [other, retiring], dates[70], dates[^1], 2))["R-2"];
        var asNew = (await evaluator.EvaluateAsync([retiring], [other], dates[70], dates[^1], 2))["R-2"];

        Assert.Equal(["R-3"], asEnforced.BaselineRules);
        Assert.Equal(asNew, asEnforced with { BaselineRules = asNew.BaselineRules });
    }

    [Fact]
    public async Task An_instrument_without_history_for_the_look_back_means_not_backtested_and_says_which()
    {
        var (store, dates) = await HistoryAsync();
        var evaluator = new RuleBacktestEvaluator(store, Settings(["005930", "999999"]));

        var result = (await evaluator.EvaluateAsync([Rule("R-1", "side == \"BUY\"")], [], dates[70], dates[^1], 1))["R-1"];

        Assert.False(result.Backtested);
        Assert.Equal($"not backtested: no history for 999999 (look-back {dates[70]:yyyy-MM-dd} to {dates[^1]:yyyy-MM-dd})", result.Note);
        Assert.Equal((0m, 0, 0), (result.NetEffectKrw, result.TradesBlocked, result.Sessions));
    }

    [Fact]
    public async Task History_that_starts_inside_the_look_back_is_not_enough()
    {
        var (store, dates) = await HistoryAsync();
        var from = dates[0].AddDays(-60);

        var result = (await new RuleBacktestEvaluator(store, Settings()).EvaluateAsync([Rule("R-1", "side == \"BUY\"")], [], from, dates[^1], 1))["R-1"];

        Assert.False(result.Backtested);
        Assert.StartsWith($"not backtested: no history for 000660 before {dates[0]:yyyy-MM-dd}, 005930 before {dates[0]:yyyy-MM-dd}", result.Note);
    }

    [Fact]
    public async Task An_empty_history_store_means_not_backtested()
    {
        var result = (await new RuleBacktestEvaluator(new InMemoryMarketHistory(), Settings())
            .EvaluateAsync([Rule("R-1", "side == \"BUY\"")], [], new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 30), 1))["R-1"];

        Assert.Equal("not backtested: no history for any instrument (look-back 2026-09-01 to 2026-11-30)", result.Note);
    }

    [Fact]
    public void The_look_back_ends_at_the_last_close_already_visible()
    {
        // 14:00 KST: today's bar is not visible yet; 16:00 KST: it is.
        var before = RuleBacktestEvaluator.Period(new DateTimeOffset(2026, 8, 3, 14, 0, 0, KoreaTime.Offset).AddDays(-90), new DateTimeOffset(2026, 11, 23, 14, 0, 0, KoreaTime.Offset));
        var after = RuleBacktestEvaluator.Period(new DateTimeOffset(2026, 8, 3, 16, 0, 0, KoreaTime.Offset), new DateTimeOffset(2026, 11, 23, 16, 0, 0, KoreaTime.Offset));
        Assert.Equal(new DateOnly(2026, 11, 22), before.To);
        Assert.Equal((new DateOnly(2026, 8, 3), new DateOnly(2026, 11, 23)), after);
    }
}
