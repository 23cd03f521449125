using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Auth;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator;

/// <summary>Everything that survives a restart when StateDirectory is set.</summary>
public sealed class StateModel
{
    /// <summary>2: the tokens and approval keys are stored encrypted (StateStore); 1 kept them in clear.</summary>
    public const int CurrentVersion = 2;

    public int Version { get; set; } = CurrentVersion;
    public List<SimAccount> Accounts { get; set; } = [];
    public List<SimOrder> Orders { get; set; } = [];
    public List<SimFill> Fills { get; set; } = [];
    public long OrderSequence { get; set; }
    public List<IssuedToken> Tokens { get; set; } = [];
    public List<ApprovalKey> ApprovalKeys { get; set; } = [];
    public DateOnly? FirstLiveDate { get; set; }
    public List<InstrumentSnapshot> Market { get; set; } = [];
}

public sealed class InstrumentSnapshot
{
    public string Code { get; set; } = "";
    public DateOnly TradingDate { get; set; }
    public decimal BasePrice { get; set; }
    public decimal Last { get; set; }
    public decimal Open { get; set; }
    public decimal High { get; set; }
    public decimal Low { get; set; }
    public string OpenTime { get; set; } = "000000";
    public string HighTime { get; set; } = "000000";
    public string LowTime { get; set; } = "000000";
    public long Volume { get; set; }
    public decimal Amount { get; set; }
    public long SellCount { get; set; }
    public long BuyCount { get; set; }
    public long SellVolume { get; set; }
    public long BuyVolume { get; set; }
    public double LogFair { get; set; }
    public double LogTarget { get; set; }
    public Regime Regime { get; set; }
    public int RegimeTicks { get; set; }
    public List<DailyBar> LiveBars { get; set; } = [];
}
