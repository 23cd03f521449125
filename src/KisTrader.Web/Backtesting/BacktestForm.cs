using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Core.History;

namespace KisTrader.Web.Backtesting;

/// <summary>The Backtests page's form as typed, and its check: <see cref="TryBuild"/> gives the request or the reasons
/// it cannot run (each naming the field).</summary>
public sealed class BacktestForm
{
    public const string Watchlist = "watchlist", All = "all", List = "list";
    /// <summary>The LLM engine's cache modes, as the command line's <c>--llm-cache</c>.</summary>
    public const string Replay = "replay", Fetch = "fetch";

    public string From { get; set; } = "";
    public string To { get; set; } = "";
    /// <summary><see cref="Watchlist"/>, <see cref="All"/> (every instrument with history) or <see cref="List"/>.</summary>
    public string Instruments { get; set; } = Watchlist;
    public string Tickers { get; set; } = "";
    public BacktestEngineKind Engine { get; set; } = BacktestEngineKind.Rules;
    public BarResolution Resolution { get; set; } = BarResolution.Day;
    /// <summary>Minute resolution: the graph decides every this many minutes from 09:00 (<c>--cadence</c>).</summary>
    public int CadenceMinutes { get; set; } = 30;
    /// <summary>LLM engine: <see cref="Replay"/> (cached answers only; a miss is "no decision") or <see cref="Fetch"/>
    /// (the model is called on a miss, at most <see cref="LlmBudget"/> times).</summary>
    public string LlmCache { get; set; } = Replay;
    public int? LlmBudget { get; set; }
    /// <summary>The decision prompt version whose strategy rules are enforced (and that the LLM engine renders); null:
    /// the active version for the LLM engine, none for the others.</summary>
    public int? PromptVersion { get; set; }
    public decimal InitialCash { get; set; } = 100_000_000m;
    public int SlippageTicks { get; set; } = 1;
    /// <summary>Commission in percent of the traded value (the request holds the fraction).</summary>
    public decimal CommissionPercent { get; set; } = Core.Market.TradingCosts.DefaultCommissionRate * 100m;

    public static BacktestForm ForToday(DateOnly today) => new()
    {
        From = today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public BacktestRequest? TryBuild(BacktestDefaults defaults, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        var fromOk = DateOnly.TryParseExact(From.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from);
        var toOk = DateOnly.TryParseExact(To.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to);
        if (!fromOk) errors.Add("From: a date in the format yyyy-MM-dd.");
        if (!toOk) errors.Add("To: a date in the format yyyy-MM-dd.");
        if (fromOk && toOk && from > to) errors.Add("From must not be after To.");
        string[]? tickers = Instruments switch
        {
            Watchlist => [.. defaults.Watchlist],
            All => null,
            _ => Tickers.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray(),
        };
        if (Instruments == List && tickers is { Length: 0 }) errors.Add("Instruments: give at least one code.");
        if (Instruments == List && tickers?.FirstOrDefault(t => t.Length != 6 || !t.All(char.IsAsciiLetterOrDigit)) is { } bad)
            errors.Add($"Instruments: '{bad}' is not a six-character KRX code.");
        if (Resolution == BarResolution.Minute && CadenceMinutes is < 1 or > BacktestRequest.MaxCadenceMinutes)
            errors.Add($"Cadence: 1 to {BacktestRequest.MaxCadenceMinutes} minutes.");
        if (Engine == BacktestEngineKind.Llm && LlmCache == Fetch)
        {
            if (LlmBudget is null) errors.Add("LLM budget: fetch mode needs the most model calls this run may make.");
            else if (LlmBudget < 0) errors.Add("LLM budget: 0 or more model calls.");
            // Replay never calls the model, so only fetch needs one configured.
            if (!defaults.LlmConfigured) errors.Add("LLM cache: fetch mode needs the model configured (Llm:ApiKey or Llm:Endpoint); replay needs none.");
        }
        if (Engine != BacktestEngineKind.BuyAndHold && PromptVersion is < 1) errors.Add("Prompt version: 1 or more (empty: the active version).");
        if (InitialCash <= 0) errors.Add("Initial cash must be positive.");
        if (SlippageTicks is < 0 or > 100) errors.Add("Slippage: 0 to 100 ticks.");
        if (CommissionPercent is < 0 or > 5) errors.Add("Commission: 0% to 5% of the traded value.");
        problems = errors;
        if (errors.Count > 0) return null;
        return new BacktestRequest
        {
            From = from,
            To = to,
            Tickers = tickers,
            Engine = Engine,
            Resolution = Resolution,
            CadenceMinutes = Resolution == BarResolution.Minute ? CadenceMinutes : 30,
            InitialCash = InitialCash,
            RiskLimits = defaults.Limits,
            RulesOptions = defaults.Rules,
            Slippage = new SlippageModel(SlippageTicks, 0.05m, 0.05m),
            CommissionRate = CommissionPercent / 100m,
        };
    }
}
