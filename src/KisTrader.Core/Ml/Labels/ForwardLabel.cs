using KisTrader.Core.Market;

namespace KisTrader.Core.Ml.Labels;

/// <summary>The label of one row: the net return of the trade the spec describes, the sessions it spans (entry at
/// <see cref="EntryDate"/>'s open, exit at <see cref="ExitDate"/>'s close: the purge of the time-series splits uses
/// them) and both label variants.</summary>
public sealed record ForwardLabel(decimal NetReturn, DateOnly EntryDate, DateOnly ExitDate, bool Positive, Direction Direction)
{
    /// <summary>The label for a row whose session is followed by <paramref name="next"/> (that instrument's following
    /// bars, one price basis, oldest first), or null when fewer than <see cref="LabelSpec.Horizon"/> sessions follow.</summary>
    public static ForwardLabel? From(IReadOnlyList<Bar> next, LabelSpec spec, KrxMarket market, TradingCosts costs)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(costs);
        if (next.Count < spec.Horizon) return null;
        var entry = next[0];
        var exit = next[spec.Horizon - 1];
        if (entry.Open <= 0) return null;
        var net = NetReturnOf(entry.Open, exit.Close, market, exit.Date, costs);
        var direction = net > spec.Threshold ? Direction.Up : net < -spec.Threshold ? Direction.Down : Direction.Flat;
        return new ForwardLabel(net, entry.Date, exit.Date, net > spec.Threshold, direction);
    }

    /// <summary>Per won paid (price plus buy commission), what the sale returns after its commission and tax, minus one.
    /// Rates rather than whole-won amounts: a label describes a price move, not one order's size.</summary>
    public static decimal NetReturnOf(decimal buyPrice, decimal sellPrice, KrxMarket market, DateOnly sellDate, TradingCosts costs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buyPrice);
        ArgumentNullException.ThrowIfNull(costs);
        var paid = buyPrice * (1 + costs.CommissionRate);
        var received = sellPrice * (1 - costs.CommissionRate - TradingCosts.SellTaxRate(market, sellDate));
        return received / paid - 1;
    }
}
