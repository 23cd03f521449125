using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Execution;

/// <summary>The loss-limit guard over the real kill switch, stores and audit log (SQLite): at, just below and just above
/// each limit, once per period, never resuming, and remembering across a restart.</summary>
public sealed class LossLimitGuardTests
{
    private static readonly RiskLimits Limits = GatewayHarness.Limits with { DailyLossLimitPercent = 3m, WeeklyLossLimitPercent = 7m };

    // A Thursday: the week started on Monday 2026-11-30.
    private static readonly DateTimeOffset Thursday = new(2026, 12, 3, 11, 0, 0, KoreaTime.Offset);
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private static async Task<GatewayHarness> HarnessAsync(decimal dayStart, decimal weekStart)
    {
        var h = await GatewayHarness.CreateAsync(Limits);
        h.Clock.Advance(Thursday - h.Clock.GetUtcNow());
        await h.Marks.MarkAsync(Monday, weekStart);
        await h.Marks.MarkAsync(Today, dayStart);
        return h;
    }

    private static LossLimitGuard Guard(GatewayHarness h) => new(Limits, h.Account, h.Marks, h.Control, h.Audit, h.Bus, h.Clock);

    private static void Equity(GatewayHarness h, decimal equity) => h.Account.Balance = FakeAccount.Account(equity, 0, 0m);

    [Theory]
    [InlineData(9_700_100, TradingMode.Active)]   // −2.999%: just below the limit
    [InlineData(9_700_000, TradingMode.Reducing)] // −3.000%: at the limit
    [InlineData(9_690_000, TradingMode.Reducing)] // −3.1%: just above
    public async Task The_daily_loss_limit_moves_active_trading_to_reducing_at_and_beyond_it_only(decimal equity, TradingMode expected)
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_000_000m);
        Equity(h, equity);

        var check = await Guard(h).CheckAsync();

        Assert.Equal(expected, (await h.Control.GetAsync()).Mode);
        Assert.Equal(expected != TradingMode.Active, check.Changed is not null);
        Assert.Equal(expected != TradingMode.Active, check.Status.DailyBreached);
    }

    [Theory]
    [InlineData(9_300_100, TradingMode.Active)]  // −6.999% this week, −2.1% today
    [InlineData(9_300_000, TradingMode.Halted)]  // −7.000%
    [InlineData(9_290_000, TradingMode.Halted)]  // −7.1%
    public async Task The_weekly_loss_limit_halts_trading_at_and_beyond_it_only(decimal equity, TradingMode expected)
    {
        await using var h = await HarnessAsync(dayStart: 9_500_000m, weekStart: 10_000_000m);
        Equity(h, equity);

        await Guard(h).CheckAsync();

        Assert.Equal(expected, (await h.Control.GetAsync()).Mode);
    }

    [Fact]
    public async Task A_breach_is_recorded_as_the_guard_with_the_numbers_audited_and_published()
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_000_000m);
        using var modes = new BusProbe<TradingModeChanged>(h.Bus);
        Equity(h, 9_650_000m);

        await Guard(h).CheckAsync();

        var state = await h.Control.GetAsync();
        Assert.Equal(LossLimitGuard.Actor, state.ChangedBy);
        Assert.Contains("daily loss -3.5% reached the −3% limit", state.Reason);
        Assert.Contains("9,650,000 KRW", state.Reason);
        Assert.Contains(await h.Audit.RecentAsync(10), e => e.Actor == LossLimitGuard.Actor && e.Action == "trading.mode" && e.Target == "Reducing");
        await modes.WaitAsync(r => r.Any(m => m.State.Mode == TradingMode.Reducing && m.State.ChangedBy == LossLimitGuard.Actor), "TradingModeChanged(Reducing)");
    }

    [Fact]
    public async Task The_weekly_limit_halts_trading_that_the_daily_limit_already_moved_to_reducing()
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_300_000m);
        var guard = Guard(h);
        Equity(h, 9_650_000m); // −3.5% today, −6.3% this week
        await guard.CheckAsync();
        Assert.Equal(TradingMode.Reducing, (await h.Control.GetAsync()).Mode);

        Equity(h, 9_500_000m); // −7.8% this week
        await guard.CheckAsync();

        Assert.Equal(TradingMode.Halted, (await h.Control.GetAsync()).Mode);
    }

    [Fact]
    public async Task An_admin_who_resumes_after_the_guard_acted_is_not_overruled_that_day_even_after_a_restart()
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_000_000m);
        Equity(h, 9_600_000m);
        await Guard(h).CheckAsync();
        await h.Control.ResumeAsync("admin", "checked the positions, carry on");

        var again = await Guard(h).CheckAsync(); // a new instance: what a restarted app has

        Assert.Null(again.Changed);
        Assert.True(again.Status.DailyBreached);
        Assert.Equal((TradingMode.Active, "admin"), ((await h.Control.GetAsync()).Mode, (await h.Control.GetAsync()).ChangedBy));
    }

    [Fact]
    public async Task A_new_day_with_a_new_breach_moves_trading_to_reducing_again()
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_000_000m);
        var guard = Guard(h);
        Equity(h, 9_600_000m);
        await guard.CheckAsync();
        await h.Control.ResumeAsync("admin", "carry on");

        h.Clock.Advance(TimeSpan.FromDays(1));
        await h.Marks.MarkAsync(Today.AddDays(1), 9_600_000m);
        Equity(h, 9_310_000m); // −3.02% on Friday, −6.9% this week
        var check = await guard.CheckAsync();

        Assert.Equal(TradingMode.Reducing, check.Changed?.Mode);
    }

    [Fact]
    public async Task The_guard_never_resumes_trading_when_the_loss_recovers()
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_000_000m);
        var guard = Guard(h);
        Equity(h, 9_200_000m);
        await guard.CheckAsync();
        Assert.Equal(TradingMode.Halted, (await h.Control.GetAsync()).Mode);

        Equity(h, 10_500_000m);
        var check = await guard.CheckAsync();

        Assert.Null(check.Changed);
        Assert.Equal(TradingMode.Halted, (await h.Control.GetAsync()).Mode);
    }

    [Fact]
    public async Task An_admin_halt_is_left_alone_and_a_guard_halt_follows_if_the_admin_resumes_during_the_breach()
    {
        await using var h = await HarnessAsync(dayStart: 10_000_000m, weekStart: 10_000_000m);
        var guard = Guard(h);
        await h.Control.HaltAsync("admin", "looking into something");
        Equity(h, 9_200_000m);
        Assert.Null((await guard.CheckAsync()).Changed);

        await h.Control.ResumeAsync("admin", "done looking");
        var check = await guard.CheckAsync();

        Assert.Equal((TradingMode.Halted, LossLimitGuard.Actor), (check.Changed?.Mode, check.Changed?.ChangedBy));
    }
}
