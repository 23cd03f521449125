using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Risk;

/// <summary>What one loss-limit check saw and did (<see cref="Changed"/> is null when the mode was left as it was).</summary>
public sealed record LossLimitCheck(decimal Equity, LossLimitStatus Status, TradingModeState Mode, TradingModeState? Changed);

/// <summary>
/// Moves the trading mode when a loss limit is reached (realised plus unrealised, from the day's and the week's first
/// equity mark): the daily limit moves Active to Reducing (sells only), the weekly limit moves Active or Reducing to
/// Halted (the kill switch: pending approvals rejected, open orders cancelled). Each change goes through
/// <see cref="ITradingControl"/>, so it is audited, published and notified like an admin's.
/// Policy: the guard only escalates, never resumes, and acts at most once per limit and period (day or week); an admin
/// who resumes afterwards is not overruled in that period. That memory is the audit log, so it survives restarts.
/// The risk engine refuses buys on a breach whether or not this has run yet.
/// </summary>
public sealed class LossLimitGuard(
    RiskLimits limits,
    IAccountReader account,
    IEquityMarks marks,
    ITradingControl control,
    IAuditLog audit,
    IEventBus bus,
    TimeProvider time)
{
    /// <summary>Who the mode change is recorded as.</summary>
    public const string Actor = "system:loss-limit";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public RiskLimits Limits => limits;

    /// <summary>The latest check (null before the first): what the dashboard shows.</summary>
    public LossLimitCheck? Last { get; private set; }

    public async Task<LossLimitCheck> CheckAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var check = await CheckCoreAsync(ct);
            Last = check;
            bus.Publish(new LossLimitsChecked(check));
            return check;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<LossLimitCheck> CheckCoreAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var equity = PortfolioSnapshot.From(await account.GetBalanceAsync(ct), now).TotalEquity;
        var (dayStart, weekStart) = await EquityBaselines.ReadAsync(marks, now, equity, ct);
        var status = LossLimitStatus.Of(limits, equity, dayStart, weekStart);
        var mode = await control.GetAsync(ct);
        if (!status.DailyBreached && !status.WeeklyBreached) return new LossLimitCheck(equity, status, mode, null);

        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        if (status.WeeklyBreached && mode.Mode != TradingMode.Halted && !await ActedSinceAsync(TradingMode.Halted, EquityBaselines.WeekStart(today), ct))
        {
            var why = $"weekly loss {status.WeeklyPercent:0.##}% reached the −{limits.WeeklyLossLimitPercent}% limit " +
                      $"(equity {equity:N0} KRW, {weekStart:N0} KRW at the week's start): halted automatically until an admin resumes";
            return new LossLimitCheck(equity, status, mode, await control.HaltAsync(Actor, why, ct));
        }
        if (status.DailyBreached && mode.Mode == TradingMode.Active && !await ActedSinceAsync(TradingMode.Reducing, today, ct))
        {
            var why = $"daily loss {status.DailyPercent:0.##}% reached the −{limits.DailyLossLimitPercent}% limit " +
                      $"(equity {equity:N0} KRW, {dayStart:N0} KRW at the day's start): sells only until an admin resumes";
            return new LossLimitCheck(equity, status, mode, await control.ReduceAsync(Actor, why, ct));
        }
        return new LossLimitCheck(equity, status, mode, null);
    }

    /// <summary>Whether the guard already moved trading to <paramref name="mode"/> since the start (KST) of <paramref name="since"/>.</summary>
    private async Task<bool> ActedSinceAsync(TradingMode mode, DateOnly since, CancellationToken ct)
    {
        var from = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
        var target = mode.ToString();
        return (await audit.ByActorSinceAsync(Actor, from, ct)).Any(e => e.Action == "trading.mode" && e.Target == target);
    }
}
