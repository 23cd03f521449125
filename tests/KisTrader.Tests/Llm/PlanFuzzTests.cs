using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Testing;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using Xunit.Abstractions;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

using KisTrader.Tests.Reliability.Support;

namespace KisTrader.Tests.Llm;

/// <summary>
/// Fuzzing the LLM decision path with seeded hostile and malformed plans. Every case goes through the REAL path: the
/// answer is served by the loopback chat-completions server, read by the real OpenAI SDK (ChatClientLlmClient over the IChatClient), run through
/// LlmDecisionEngine (prompt, DecisionGuard) and then RiskEngine.CheckPlan against a realistic RiskContext. One server
/// and one client serve all cases (a loopback round trip is about a millisecond). The checks below recompute every
/// limit independently of RiskEngine, and demand that an approved order is exactly what the raw JSON said (nothing
/// rounded, snapped or guessed). The seed is fixed; every failure names its case number and kind.
/// </summary>
public sealed partial class PlanFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20_261_118;
    private const int CaseCount = 260;

    // ---- the account: cash 20,000,000; 60 × 005930 and 40 × 035720 (30 sellable); equity 25,900,000 ----
    private const string Samsung = "005930", Hynix = "000660", Kakao = "035720", Kodex = "069500";
    private static readonly string[] Tickers = [Samsung, Hynix, Kakao, Kodex];
    private const decimal Cash = 20_000_000m;

    private static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 20m,
        MaxOrderValueKrw = 5_000_000m,
        MaxOrdersPerDay = 20,
        DailyLossLimitPercent = 3m,
        WeeklyLossLimitPercent = 7m,
        MinCashReservePercent = 10m,
    };

    private sealed record Instrument(string Ticker, decimal Price, decimal Lower, decimal Upper, InstrumentKind Kind, bool LimitsInAnalysis);

    // 000660's analysis carries no day limits (a quote without them): the guard then checks only the tick, the risk
    // engine still checks the quote's limits.
    private static readonly Dictionary<string, Instrument> Instruments = new()
    {
        [Samsung] = new(Samsung, 71_000m, 49_700m, 92_300m, InstrumentKind.Stock, true),
        [Hynix] = new(Hynix, 180_000m, 126_000m, 234_000m, InstrumentKind.Stock, false),
        [Kakao] = new(Kakao, 41_000m, 28_700m, 53_300m, InstrumentKind.Stock, true),
        [Kodex] = new(Kodex, 35_000m, 24_500m, 45_500m, InstrumentKind.Etf, true),
    };

    private static readonly PortfolioSnapshot Account = Portfolio(Cash,
        Held(Samsung, 60, 68_000m, 71_000m, equity: 25_900_000m),
        Held(Kakao, 40, 45_000m, 41_000m, equity: 25_900_000m, sellable: 30));

    private static TickerAnalysis AnalysisOf(Instrument i)
    {
        var ind = new Dictionary<string, decimal> { ["rsi14"] = 50m };
        if (i.LimitsInAnalysis) { ind["lower_limit"] = i.Lower; ind["upper_limit"] = i.Upper; }
        if (i.Kind == InstrumentKind.Etf) ind["tick_size"] = KrxRules.EtfTick;
        return Ticker(i.Ticker, i.Price) with { Indicators = ind };
    }

    private static readonly MarketAnalysis Market = Snapshot([.. Tickers.Select(t => AnalysisOf(Instruments[t]))]);
    private static readonly DecisionInput DecisionInput_ = Input(Account, Market) with { RunId = "fuzz" };

    private static Quote QuoteOf(Instrument i) =>
        new(i.Ticker, i.Ticker, i.Price, 0m, 0m, i.Price, i.Price, i.Price, 100_000, i.Price * 100_000, i.Price, i.Upper, i.Lower,
            i.Kind == InstrumentKind.Etf ? KrxRules.EtfTick : KrxRules.TickSize(i.Price), Now);

    /// <summary>The states a plan meets: normal (4 orders left today), a breached daily or weekly loss, one order left, Reducing.</summary>
    private static readonly (string Name, RiskContext Ctx)[] Contexts =
    [
        ("normal", Context(sentToday: 16, dayStart: 26_300_000m, weekStart: 27_000_000m)),
        ("daily-loss", Context(sentToday: 10, dayStart: 26_800_000m, weekStart: 27_000_000m)),   // −3.36% today
        ("weekly-loss", Context(sentToday: 10, dayStart: 26_000_000m, weekStart: 28_000_000m)),  // −7.5% this week
        ("last-order", Context(sentToday: 19, dayStart: 25_900_000m, weekStart: 25_900_000m)),
        ("reducing", Context(sentToday: 0, dayStart: 25_900_000m, weekStart: 25_900_000m, mode: TradingMode.Reducing)),
    ];

    private static RiskContext Context(int sentToday, decimal dayStart, decimal weekStart, TradingMode mode = TradingMode.Active) => new(
        new TradingModeState(mode, "fuzz", "fuzz", Now), Account,
        Instruments.Values.ToDictionary(i => i.Ticker, QuoteOf), Market, sentToday, dayStart, weekStart,
        NoStrategyRules.Instance, new HashSet<string>(Tickers), Now);

    // ---- plumbing: one loopback server and one real SDK client for every case ----
    private LoopbackChatServer _server = default!;
    private LlmDecisionEngine _engine = default!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackChatServer.StartAsync();
        _engine = new LlmDecisionEngine(
            TestLlmClient.Create(new LlmOptions { Endpoint = _server.Endpoint, ApiKey = "sk-fuzz-loopback", Model = "gpt-fuzz", TimeoutSeconds = 30 }),
            new FilePromptSource(RepoPrompt.Path), new InMemoryLlmUsageStore(), new ManualTimeProvider(Now),
            new LlmEngineOptions { RiskLimits = Limits, Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HostilePlans_AreRejectedOrPassOnlyOrdersWithinEveryLimit()
    {
        var cases = PlanFuzzer.Generate(Seed, CaseCount);
        var risk = new RiskEngine(Limits);
        var whole = 0; var partly = 0; var passed = 0; var holds = 0; var approvedOrders = 0;
        var byKind = new SortedDictionary<string, (int Whole, int Partly, int Passed)>(StringComparer.Ordinal);
        var failures = new List<string>();
        var undetected = new List<int>();
        var watch = Stopwatch.StartNew();

        foreach (var c in cases)
        {
            var (ctxName, ctx) = Contexts[c.Context % Contexts.Length];
            _server.Enqueue(new ChatReply(c.Raw));
            DecisionResult result;
            try
            {
                result = await _engine.DecideAsync(DecisionInput_);
            }
            catch (Exception ex)
            {
                failures.Add($"case {c.Number} ({c.Kind}): the decision path threw {ex.GetType().Name}: {ex.Message} | raw: {Excerpt(c.Raw)}");
                continue;
            }

            var orders = result.Plan?.Orders ?? [];
            var verdicts = risk.CheckPlan(orders, ctx);
            var approved = orders.Zip(verdicts).Where(p => p.Second.Approved).ToList();
            foreach (var breach in Breaches(approved, ctx, c))
                failures.Add($"case {c.Number} ({c.Kind}, context {ctxName}): {breach} | raw: {Excerpt(c.Raw)}");

            var refusedSome = result.Plan is null || result.DroppedOrders.Count > 0 || verdicts.Any(v => !v.Approved);
            var outcome = approved.Count == 0 && refusedSome ? 0 : refusedSome ? 1 : 2;
            if (outcome == 0) whole++; else if (outcome == 1) partly++; else passed++;
            if (outcome == 2 && orders.Count == 0) holds++;
            approvedOrders += approved.Count;
            var k = byKind.GetValueOrDefault(c.Kind);
            byKind[c.Kind] = outcome switch { 0 => (k.Whole + 1, k.Partly, k.Passed), 1 => (k.Whole, k.Partly + 1, k.Passed), _ => (k.Whole, k.Partly, k.Passed + 1) };
            if (c.Kind == "injection-unrecognised" && result.Plan is not null) undetected.Add(c.Number);
        }
        watch.Stop();

        output.WriteLine($"{cases.Count} cases (seed {Seed}) in {watch.ElapsedMilliseconds} ms over the loopback OpenAI SDK path");
        output.WriteLine($"rejected whole {whole}, partly {partly}, passed {passed} (of which {holds} holds); {approvedOrders} orders approved by the risk engine");
        foreach (var (kind, n) in byKind) output.WriteLine($"  {kind,-24} whole {n.Whole,3}  partly {n.Partly,3}  passed {n.Passed,3}");
        output.WriteLine($"instruction-like text the guard does not recognise (the plan was believed, its orders still checked): cases {string.Join(", ", undetected)}");
        output.WriteLine($"limit breaches / failures: {failures.Count}");
        foreach (var f in failures.Take(50)) output.WriteLine("  " + f);

        ReliabilityArtifacts.Write("fuzz.json", new
        {
            seed = Seed, cases = cases.Count, rejectedWhole = whole, rejectedPartly = partly, passed, holds, approvedOrders,
            limitBreaches = failures.Count, instructionTextNotRecognised = undetected.Count, milliseconds = watch.ElapsedMilliseconds,
            byKind = byKind.ToDictionary(k => k.Key, k => new { whole = k.Value.Whole, partly = k.Value.Partly, passed = k.Value.Passed }),
        });
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s), first: {failures.FirstOrDefault()}");
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases generated");
        Assert.Equal(cases.Count, whole + partly + passed);
    }

    [Fact]
    public void Generator_IsDeterministicForItsSeed()
    {
        var a = PlanFuzzer.Generate(Seed, CaseCount);
        var b = PlanFuzzer.Generate(Seed, CaseCount);
        Assert.Equal(a.Select(c => c.Raw), b.Select(c => c.Raw));
        Assert.True(a.Select(c => c.Kind).Distinct().Count() >= 20, "the generator should cover every kind");
    }

    /// <summary>Every approved order re-checked against every limit from first principles, in plan order (cash, weight,
    /// sellable and the day's count accumulate as RiskEngine documents).</summary>
    private static IEnumerable<string> Breaches(IReadOnlyList<(PlannedOrder Order, RiskVerdict Verdict)> approved, RiskContext ctx, FuzzCase c)
    {
        if (approved.Count > 0 && c.MustPassNothing)
            yield return $"{approved.Count} order(s) passed from a plan that must pass nothing";
        var equity = ctx.Portfolio.TotalEquity;
        var costs = new TradingCosts();
        var cashUsed = 0m;
        var bought = new Dictionary<string, decimal>();
        var sold = new Dictionary<string, long>();
        var dailyBreached = (equity - ctx.EquityAtDayStart) / ctx.EquityAtDayStart * 100m <= -Limits.DailyLossLimitPercent;
        var weeklyBreached = (equity - ctx.EquityAtWeekStart) / ctx.EquityAtWeekStart * 100m <= -Limits.WeeklyLossLimitPercent;
        var n = 0;
        foreach (var (o, v) in approved)
        {
            n++;
            var label = $"approved {o.Side} {o.Quantity} {o.Ticker} {o.PriceType} {o.Price?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
            if (c.Forbidden.Contains(o.Ticker)) yield return $"{label}: this ticker's order was hostile and must not pass";
            if (!Instruments.TryGetValue(o.Ticker, out var inst)) { yield return $"{label}: ticker outside the universe"; continue; }
            if (o.Quantity <= 0 || v.ApprovedQuantity != o.Quantity) yield return $"{label}: quantity {o.Quantity}, approved {v.ApprovedQuantity}";
            if (ctx.OrdersSentToday + n > Limits.MaxOrdersPerDay) yield return $"{label}: order {ctx.OrdersSentToday + n} of the day beyond {Limits.MaxOrdersPerDay}";
            if (ctx.Mode.Mode == TradingMode.Halted) yield return $"{label}: approved while halted";
            if (o.PriceType == OrderPriceType.Limit)
            {
                if (o.Price is not { } p || p <= 0 || p != decimal.Truncate(p)) yield return $"{label}: limit price not a positive whole KRW amount";
                else
                {
                    if (!KrxRules.IsOnTick(p, kind: inst.Kind, date: DateOnly.FromDateTime(Now.DateTime))) yield return $"{label}: off tick";
                    if (p < inst.Lower || p > inst.Upper) yield return $"{label}: outside today's limits {inst.Lower}..{inst.Upper}";
                }
            }
            else if (o.PriceType != OrderPriceType.Market || o.Price is not null) yield return $"{label}: a market order carries a price or the type is unexpected";
            if (o.Side == Side.Buy)
            {
                if (ctx.Mode.Mode != TradingMode.Active) yield return $"{label}: buy approved while {ctx.Mode.Mode}";
                if (dailyBreached || weeklyBreached) yield return $"{label}: buy approved beyond a loss limit";
                // A market buy can fill up to the upper limit.
                var value = (o.Price ?? inst.Upper) * o.Quantity;
                var cost = value + costs.Commission(value);
                if (value > Limits.MaxOrderValueKrw) yield return $"{label}: value {value:N0} above {Limits.MaxOrderValueKrw:N0}";
                cashUsed += cost;
                if (cashUsed > ctx.Portfolio.Cash) yield return $"{label}: buys cost {cashUsed:N0}, more than cash {ctx.Portfolio.Cash:N0}";
                if (ctx.Portfolio.Cash - cashUsed < equity * Limits.MinCashReservePercent / 100m) yield return $"{label}: cash reserve broken ({ctx.Portfolio.Cash - cashUsed:N0} left)";
                bought[o.Ticker] = bought.GetValueOrDefault(o.Ticker) + value;
                var weight = ((ctx.Portfolio.Find(o.Ticker)?.Value ?? 0m) + bought[o.Ticker]) / equity * 100m;
                if (weight > Limits.MaxTickerWeightPercent) yield return $"{label}: weight {weight:0.##}% above {Limits.MaxTickerWeightPercent}%";
            }
            else
            {
                sold[o.Ticker] = sold.GetValueOrDefault(o.Ticker) + o.Quantity;
                if (sold[o.Ticker] > (ctx.Portfolio.Find(o.Ticker)?.SellableQuantity ?? 0)) yield return $"{label}: sells {sold[o.Ticker]}, more than sellable";
            }
            if (!WrittenInTheRawPlan(o, c.Raw)) yield return $"{label}: not exactly what the raw plan said (repaired or guessed)";
        }
        if (approved.Select(a => a.Order.Ticker).Distinct().Count() != approved.Count) yield return "two approved orders for one ticker";
    }

    /// <summary>True when the raw JSON holds an order with exactly these values: the guard may only drop, never fix.</summary>
    private static bool WrittenInTheRawPlan(PlannedOrder o, string raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            if (!doc.RootElement.TryGetProperty("orders", out var orders) || orders.ValueKind != JsonValueKind.Array) return false;
            return orders.EnumerateArray().Any(e =>
                e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("ticker", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == o.Ticker
                && e.TryGetProperty("side", out var s) && s.ValueKind == JsonValueKind.String && s.GetString()!.ToUpperInvariant() == (o.Side == Side.Buy ? "BUY" : "SELL")
                && e.TryGetProperty("quantity", out var q) && q.GetRawText() == o.Quantity.ToString(CultureInfo.InvariantCulture)
                && e.TryGetProperty("price_type", out var pt) && pt.ValueKind == JsonValueKind.String && pt.GetString()!.ToUpperInvariant() == o.PriceType.ToString().ToUpperInvariant()
                && e.TryGetProperty("limit_price", out var lp) && (o.Price is null
                    ? lp.ValueKind == JsonValueKind.Null
                    : lp.ValueKind == JsonValueKind.Number && lp.TryGetDecimal(out var pv) && pv == o.Price)
                && e.TryGetProperty("justification", out var j) && j.ValueKind == JsonValueKind.String && UntrustedText.Clean(j.GetString()!) == o.Justification
                && e.TryGetProperty("confidence", out var cf) && cf.TryGetDecimal(out var cv) && cv == o.Confidence);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Excerpt(string raw) => raw.Length <= 300 ? raw : raw[..300] + $"… ({raw.Length} chars)";
}
