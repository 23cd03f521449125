using KisTrader.Core.Decisions;
using KisTrader.Core.History;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Backtesting;

public enum BacktestEngineKind
{
    Rules,
    Llm,
    BuyAndHold,
}

/// <summary>What to backtest. Everything that changes the result is in here (or in the bars), so the same request
/// over the same bars gives the same report.</summary>
public sealed record BacktestRequest
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    /// <summary>The instruments; null or empty: every instrument with daily bars in the period (index codes excluded).</summary>
    public IReadOnlyList<string>? Tickers { get; init; }
    public BacktestEngineKind Engine { get; init; } = BacktestEngineKind.Rules;
    public BarResolution Resolution { get; init; } = BarResolution.Day;
    public decimal InitialCash { get; init; } = 100_000_000m;
    public RiskLimits RiskLimits { get; init; } = new();
    public RulesEngineOptions RulesOptions { get; init; } = new();
    /// <summary>The prompt version the LLM engine renders (null: the LLM engine cannot run).</summary>
    public PromptText? Prompt { get; init; }
    /// <summary>The enforced strategy rules of the chosen prompt version (the risk engine applies them).</summary>
    public IReadOnlyList<StrategyRule> StrategyRules { get; init; } = [];
    public SlippageModel Slippage { get; init; } = new(1, 0.05m, 0.05m);
    public decimal CommissionRate { get; init; } = Market.TradingCosts.DefaultCommissionRate;
    /// <summary>When in the session the graph decides: at the open (orders meet the opening price) or before the close
    /// (orders meet the closing price; see <see cref="SimulatedBroker"/>).</summary>
    public BacktestDecisionTime DecisionTime { get; init; } = BacktestDecisionTime.Open;
    /// <summary>Calendar days of bars loaded before <see cref="From"/> for the analysis' indicators (it wants 60 sessions).</summary>
    public int WarmUpDays { get; init; } = 120;
    public double RiskFreeRate { get; init; }
    /// <summary>Minute resolution only: the operational graph runs every this many minutes from the open (09:00 + N,
    /// + 2N, … before 15:30); <see cref="DecisionTime"/> is then not used.</summary>
    public int CadenceMinutes { get; init; } = 30;
    /// <summary>The ML probabilities the analysis carries for the rules engine's <see cref="RulesEngineOptions.MinMlProbability"/>
    /// gate (the ML training's gated backtest); null: no ticker has one.</summary>
    public IBacktestMlSignal? MlSignal { get; init; }

    /// <summary>The longest cadence: one run a session (at 09:00 + 389 minutes at the latest, before the close).</summary>
    public const int MaxCadenceMinutes = 389;
}

public enum BacktestDecisionTime
{
    Open,
    BeforeClose,
    /// <summary>Both: a run at the open and another at 15:00 (the last half hour), each seeing what its time sees.</summary>
    OpenAndBeforeClose,
}

/// <summary>How far a backtest has got.</summary>
public sealed record BacktestProgress(int SessionsDone, int SessionsTotal, DateOnly? Session);
