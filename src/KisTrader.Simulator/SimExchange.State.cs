namespace KisTrader.Simulator;

public sealed partial class SimExchange
{
    /// <summary>Copies the exchange's part of the state (call under <see cref="Gate"/>).</summary>
    internal void Export(StateModel model)
    {
        model.Accounts = [.. _accounts.Values];
        model.Orders = [.. _orderList];
        model.Fills = [.. _fills];
        model.OrderSequence = _orderSequence;
        model.FirstLiveDate = _firstLiveDate;
        model.Market = [.. _ordered.Select(s => new InstrumentSnapshot
        {
            Code = s.Code, TradingDate = s.TradingDate, BasePrice = s.BasePrice, Last = s.Last, Open = s.Open, High = s.High, Low = s.Low,
            OpenTime = s.OpenTime, HighTime = s.HighTime, LowTime = s.LowTime, Volume = s.Volume, Amount = s.Amount,
            SellCount = s.SellCount, BuyCount = s.BuyCount, SellVolume = s.SellVolume, BuyVolume = s.BuyVolume,
            LogFair = s.LogFair, LogTarget = s.LogTarget, Regime = s.Regime, RegimeTicks = s.RegimeTicks, LiveBars = [.. s.LiveBars],
        })];
    }
}
