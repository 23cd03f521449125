namespace KisTrader.Simulator.Market;

/// <summary>One trading day of an instrument (prices on the tick grid of that day).</summary>
public sealed record DailyBar(DateOnly Date, decimal Open, decimal High, decimal Low, decimal Close, long Volume, decimal Amount);
