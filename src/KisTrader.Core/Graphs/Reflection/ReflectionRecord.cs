using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>The look-back's trades and their outcomes, read once per run (and again by a resumed run).</summary>
public sealed class ReflectionRecord(ITradeStore trades, RoundTripMatcher matcher)
{
    public RoundTripMatcher Matcher => matcher;

    public Task<IReadOnlyList<TradeRecord>> TradesAsync(ReflectionState state, CancellationToken ct) =>
        trades.GetByPeriodAsync(state.LookbackFrom, state.PeriodTo, null, ct);

    public async Task<OutcomeSet> OutcomesAsync(ReflectionState state, CancellationToken ct)
    {
        if (state.OutcomeCache is { } cached) return cached;
        var all = await TradesAsync(state, ct).ConfigureAwait(false);
        return state.OutcomeCache = TradeOutcomes.Build(all, matcher.Match(all));
    }
}
