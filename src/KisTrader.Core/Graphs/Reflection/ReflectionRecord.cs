using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>The look-back's trades and their outcomes, read once per run (and again by a resumed run).</summary>
public sealed class ReflectionRecord(ITradeStore trades, RoundTripMatcher matcher)
{
    public RoundTripMatcher Matcher => matcher;

    // Before any KisTrader trade: FIFO must see every lot still open, not only the look-back's.
    private static readonly DateTimeOffset RecordStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every recorded trade up to the period's end. FIFO needs the whole record: a sell in the period may close
    /// a lot bought long before the look-back, and matching it to a newer lot instead would invent a loss or a gain.</summary>
    public Task<IReadOnlyList<TradeRecord>> TradesAsync(ReflectionState state, CancellationToken ct) =>
        trades.GetByPeriodAsync(RecordStart, state.PeriodTo, null, ct);

    /// <summary>The outcomes of the look-back's trades, matched against the whole record.</summary>
    public async Task<OutcomeSet> OutcomesAsync(ReflectionState state, CancellationToken ct)
    {
        if (state.OutcomeCache is { } cached) return cached;
        var all = await TradesAsync(state, ct).ConfigureAwait(false);
        var match = matcher.Match(all);
        var recent = all.Where(t => t.Timestamp >= state.LookbackFrom).ToList();
        return state.OutcomeCache = TradeOutcomes.Build(recent, match);
    }
}
