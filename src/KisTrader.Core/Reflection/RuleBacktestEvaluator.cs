using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>How reflection backtests a rule: what live trading runs with (the rules engine's options, the risk limits,
/// the watchlist).</summary>
public sealed record RuleBacktestSettings
{
    /// <summary>The instruments (live: the watchlist); null or empty: every instrument with history in the look-back.</summary>
    public IReadOnlyList<string>? Tickers { get; init; }
    public RiskLimits RiskLimits { get; init; } = new();
    public RulesEngineOptions RulesOptions { get; init; } = new();
    public decimal InitialCash { get; init; } = 100_000_000m;
    public decimal CommissionRate { get; init; } = TradingCosts.DefaultCommissionRate;
    public SlippageModel Slippage { get; init; } = new(1, 0.05m, 0.05m);
    /// <summary>History may start (or end) this many calendar days inside the look-back and still cover it (a holiday
    /// stretch, today's bar not collected yet).</summary>
    public int CoverageSlackDays { get; init; } = 7;
}

/// <summary>
/// Backtests rules over a look-back with <see cref="BacktestEngine"/>: one run with the baseline rules (what the active
/// prompt version enforces), then one per candidate with the baseline plus that rule, over the same bars, the same
/// rules-engine configuration and risk limits. When the history does not cover the look-back for an instrument, nothing
/// runs and every candidate gets "not backtested: no history for …": a result is never invented from partial data.
/// </summary>
public sealed class RuleBacktestEvaluator(IMarketHistory history, RuleBacktestSettings settings, BacktestEngine? engine = null)
{
    private readonly BacktestEngine _engine = engine ?? new BacktestEngine();

    public RuleBacktestSettings Settings => settings;

    /// <summary>The look-back as sessions: from the KST date of <paramref name="from"/> to the last session whose close
    /// is at or before <paramref name="to"/> (today's bar is not visible before 15:30).</summary>
    public static (DateOnly From, DateOnly To) Period(DateTimeOffset from, DateTimeOffset to)
    {
        var last = KrxCalendar.KstDate(to);
        if (to < KrxCalendar.CloseOn(last)) last = last.AddDays(-1);
        return (KrxCalendar.KstDate(from), last);
    }

    /// <summary>Each candidate (by rule id) backtested with <paramref name="baseline"/> + itself against
    /// <paramref name="baseline"/> alone. A candidate already in the baseline is taken out of it for its own comparison.</summary>
    public async Task<IReadOnlyDictionary<string, RuleBacktest>> EvaluateAsync(
        IReadOnlyList<StrategyRule> candidates, IReadOnlyList<StrategyRule> baseline, DateOnly from, DateOnly to, int? promptVersion,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(baseline);
        var results = new Dictionary<string, RuleBacktest>(StringComparer.Ordinal);
        if (candidates.Count == 0) return results;
        if (from > to)
        {
            foreach (var c in candidates) results[c.RuleId] = RuleBacktest.NotBacktested(from, to, $"the look-back {from:yyyy-MM-dd} to {to:yyyy-MM-dd} holds no session", promptVersion);
            return results;
        }

        var request = new BacktestRequest
        {
            From = from,
            To = to,
            Tickers = settings.Tickers is { Count: > 0 } t ? t : null,
            Engine = BacktestEngineKind.Rules,
            InitialCash = settings.InitialCash,
            RiskLimits = settings.RiskLimits,
            RulesOptions = settings.RulesOptions,
            Slippage = settings.Slippage,
            CommissionRate = settings.CommissionRate,
        };
        var (bars, missing) = await LoadAsync(request, ct).ConfigureAwait(false);
        if (bars is null)
        {
            foreach (var c in candidates) results[c.RuleId] = RuleBacktest.NotBacktested(from, to, missing!, promptVersion);
            return results;
        }

        // Runs without a rule are shared: one per distinct baseline (usually one for the whole batch).
        var without = new Dictionary<string, BacktestReport>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            ct.ThrowIfCancellationRequested();
            var others = baseline.Where(r => r.RuleId != candidate.RuleId).ToList();
            var key = string.Join(",", others.Select(r => r.RuleId));
            try
            {
                if (!without.TryGetValue(key, out var before))
                    without[key] = before = await _engine.RunAsync(request with { StrategyRules = others }, bars, ct: ct).ConfigureAwait(false);
                var after = await _engine.RunAsync(request with { StrategyRules = [.. others, candidate] }, bars, ct: ct).ConfigureAwait(false);
                results[candidate.RuleId] = Compare(before, after, from, to, promptVersion, others);
            }
            catch (Exception ex) when (ex is BacktestInputException or ArgumentException)
            {
                results[candidate.RuleId] = RuleBacktest.NotBacktested(from, to, ex.Message, promptVersion);
            }
        }
        return results;
    }

    private async Task<(BacktestBars? Bars, string? Missing)> LoadAsync(BacktestRequest request, CancellationToken ct)
    {
        var asOf = KrxCalendar.CloseOn(request.To);
        IReadOnlyCollection<string>? wanted = request.Tickers is { Count: > 0 } t ? [.. t, MarketIndexes.Kospi] : null;
        var rows = await history.ReadAsync(HistoryQuery.Daily(wanted, request.From.AddDays(-request.WarmUpDays), request.To, asOf), ct).ConfigureAwait(false);
        var inPeriod = rows.Where(b => b.Resolution == BarResolution.Day && MarketIndexes.IsInstrumentCode(b.Ticker) && b.Date >= request.From && b.Date <= request.To)
            .GroupBy(b => b.Ticker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (First: g.Min(b => b.Date), Last: g.Max(b => b.Date)), StringComparer.Ordinal);
        var tickers = request.Tickers is { Count: > 0 } list ? list : [.. inPeriod.Keys.Order(StringComparer.Ordinal)];
        var range = $"{request.From:yyyy-MM-dd} to {request.To:yyyy-MM-dd}";
        if (tickers.Count == 0) return (null, $"no history for any instrument (look-back {range})");
        var slack = settings.CoverageSlackDays;
        var gaps = new List<string>();
        foreach (var ticker in tickers)
        {
            if (!inPeriod.TryGetValue(ticker, out var span)) gaps.Add(ticker);
            else if (span.First > request.From.AddDays(slack)) gaps.Add($"{ticker} before {span.First:yyyy-MM-dd}");
            else if (span.Last < request.To.AddDays(-slack)) gaps.Add($"{ticker} after {span.Last:yyyy-MM-dd}");
        }
        if (gaps.Count > 0) return (null, $"no history for {string.Join(", ", gaps)} (look-back {range})");
        try
        {
            return (BacktestBars.FromRows(rows, request), null);
        }
        catch (BacktestInputException ex)
        {
            return (null, ex.Message);
        }
    }

    private static RuleBacktest Compare(BacktestReport without, BacktestReport with, DateOnly from, DateOnly to, int? promptVersion,
        IReadOnlyList<StrategyRule> baseline)
    {
        var (blocked, reduced) = Blocked(without.Orders, with.Orders);
        return new RuleBacktest
        {
            Backtested = true,
            From = from,
            To = to,
            PromptVersion = promptVersion,
            BaselineRules = [.. baseline.Select(r => r.RuleId)],
            Engine = without.Request.Engine,
            Instruments = without.Request.Tickers.Count,
            Sessions = without.Metrics.Sessions,
            DataSha256 = without.Data.Sha256,
            EndingEquityWithout = without.Metrics.EndingEquity,
            EndingEquityWith = with.Metrics.EndingEquity,
            OrdersWithout = without.Orders.Count,
            OrdersWith = with.Orders.Count,
            TradesBlocked = blocked,
            TradesReduced = reduced,
            MaxDrawdownWithout = without.Metrics.MaxDrawdown,
            MaxDrawdownWith = with.Metrics.MaxDrawdown,
        };
    }

    /// <summary>Filled orders of the run without the rule, matched by (session, ticker, side) to the run with it: none
    /// there = blocked, fewer shares = reduced. The risk engine's refusals never reach the ledger, so this comparison is
    /// how a backtest sees what a rule stopped.</summary>
    internal static (int Blocked, int Reduced) Blocked(IReadOnlyList<BacktestOrder> without, IReadOnlyList<BacktestOrder> with)
    {
        static (DateOnly, string, Side) Key(BacktestOrder o) => (KrxCalendar.KstDate(o.Time), o.Ticker, o.Side);
        var filledWith = with.Where(o => o.FilledQuantity > 0).GroupBy(Key).ToDictionary(g => g.Key, g => g.Sum(o => o.FilledQuantity));
        int blocked = 0, reduced = 0;
        foreach (var g in without.Where(o => o.FilledQuantity > 0).GroupBy(Key))
        {
            if (!filledWith.TryGetValue(g.Key, out var qty)) blocked++;
            else if (qty < g.Sum(o => o.FilledQuantity)) reduced++;
        }
        return (blocked, reduced);
    }
}
