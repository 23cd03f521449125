using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ports;
using KisTrader.Ml;
using KisTrader.Testing.History;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Trading;

/// <summary>The live ML signal in the composed app against the simulator: with no active model the run works and the
/// analysis has no probabilities; once a model trained on the history store is registered and activated, the next run's
/// analysis carries each ticker's probability and the model version, and a buy the rules engine makes with
/// Trading:Rules:MinMlProbability set keeps both in its trade record.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class MlSignalRunTests
{
    private static readonly DateTimeOffset Collected = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_an_active_model_the_run_has_no_ml_signal_and_after_activation_the_analysis_carries_it()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir);

        var before = await app.RunAsync();
        Assert.NotEqual("Failed", before.Status);
        var plain = (await app.StateAsync(before.RunId!)).Analysis!;
        Assert.Null(plain.MlModelVersion);
        Assert.All(plain.Tickers, t => Assert.Null(t.MlProbability));

        var tickers = plain.Tickers.Select(t => t.Ticker).ToList();
        await ActivateModelAsync(app, tickers);
        var after = await app.RunAsync();
        Assert.NotEqual("Failed", after.Status);
        var scored = (await app.StateAsync(after.RunId!)).Analysis!;

        Assert.Equal(("up5d-1pct", "1"), (scored.MlSignal, scored.MlModelVersion));
        Assert.All(scored.Tickers, t => Assert.InRange(t.MlProbability!.Value, 0m, 1m));
        Assert.Equal(tickers.Order(StringComparer.Ordinal), scored.Tickers.Select(t => t.Ticker).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_buy_with_the_ml_signal_required_keeps_its_probability_and_model_in_the_trade_record()
    {
        using var dir = new TempDataDir();
        // Every scored ticker passes the ML gate (0); the volume-surge rule's volume threshold is 0 as in RulesEngineRunTests,
        // so a staged +2% move fires it.
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            ["Trading:Rules:VolumeSurgeRatio"] = "0",
            ["Trading:Rules:MinMlProbability"] = "0",
        });
        var ledger = app.Get<IOrderLedger>();
        var tickers = app.Get<KisTrader.Core.Graphs.Operational.OperationalGraphOptions>().Watchlist.ToList();
        await ActivateModelAsync(app, tickers);

        var outcome = await app.RunAsync();
        var state = await app.StateAsync(outcome.RunId!);
        Assert.Equal("1", state.Analysis!.MlModelVersion);
        var sent = state.Executions.Where(e => e.OrderId is not null && e.Order.Side == Side.Buy).ToList();
        if (sent.Count == 0)
        {
            var quiet = state.Analysis!.Tickers.Where(t => t.Indicators.ContainsKey("rsi14") && Math.Abs(t.ChangeRatePercent) < 5m)
                .OrderBy(t => t.Indicators["rsi14"]).First();
            await SimulatorShock.ShockAsync(app, quiet.Ticker, SimulatorShock.To(2m, quiet.ChangeRatePercent));
            outcome = await app.RunAsync();
            state = await app.StateAsync(outcome.RunId!);
            sent = [.. state.Executions.Where(e => e.OrderId is not null && e.Order.Side == Side.Buy)];
            Assert.True(sent.Count > 0, $"no buy after staging {quiet.Ticker} at +2%: {outcome.Status}: {outcome.Summary}");
        }

        var ids = sent.Select(e => e.OrderId!).ToList();
        async Task<List<LedgerOrder>> ReadAsync() => [.. (await Task.WhenAll(ids.Select(id => ledger.GetAsync(id)))).OfType<LedgerOrder>()];
        static bool Done(List<LedgerOrder> orders) => orders.Any(o => o is { Status: LedgerOrderStatus.Filled, TradeId: not null });
        for (var i = 0; i < 30 && !Done(await ReadAsync()); i++)
            await Task.Delay(100);
        if (!Done(await ReadAsync()))
            foreach (var e in sent)
                await SimulatorShock.ShockAsync(app, e.Order.Ticker, -1.5m);
        var orders = new List<LedgerOrder>();
        await Poll.UntilAsync(async () => Done(orders = await ReadAsync()), TimeSpan.FromSeconds(15), $"one of the buys {string.Join(", ", ids)} to be filled and recorded");
        var order = orders.First(o => o is { Status: LedgerOrderStatus.Filled, TradeId: not null });

        var trade = (await app.Get<ITradeStore>().FindAsync(order.TradeId!))!;
        var expected = state.Analysis!.Find(order.Ticker)!.MlProbability;
        Assert.NotNull(expected);
        Assert.Equal(expected, trade.MlProbability);
        Assert.Equal("up5d-1pct v1", trade.MlModelVersion);
        Assert.Contains("ML signal", trade.JustificationText);
    }

    /// <summary>Daily history for the tickers up to the last closed session, a logistic regression trained on it as
    /// <c>train</c> does, registered and activated.</summary>
    private static async Task ActivateModelAsync(TradingApp app, IReadOnlyList<string> tickers)
    {
        var now = app.Get<TimeProvider>().GetUtcNow();
        var rows = History(tickers, LiveFeatures.VisibleDay(now), sessions: 160);
        await app.Get<IMarketHistory>().UpsertAsync(rows);
        var spec = new LabelSpec();
        var dataset = new DatasetBuilder(new DailyFeatures(), spec).Build(FeatureHistory.FromRows(rows), DateOnly.MinValue, DateOnly.MaxValue);
        var result = SignalTraining.Run(dataset, TrainerDefaults.Create("lr"), new TrainingWindow(dataset.Sessions[0], dataset.Sessions[^1]), spec,
            SignalTraining.Windows(dataset.Sessions.Count, spec));
        var stored = await app.Get<ModelRegistryService>().RegisterAsync(result.Version, result.Artifacts, "test");
        Assert.NotNull(await app.Get<IModelRegistry>().ActivateAsync(stored.Signal, stored.Version, "test", now));
    }

    /// <summary>Seeded daily bars of <paramref name="sessions"/> KRX sessions ending at or before <paramref name="last"/>
    /// (<see cref="VolumeSpikeHistory"/>).</summary>
    private static List<HistoryBar> History(IReadOnlyList<string> tickers, DateOnly last, int sessions) =>
        VolumeSpikeHistory.Daily(VolumeSpikeHistory.SessionsUntil(last, sessions), tickers, seed: 23,
            firstClose: (_, random) => 20_000.0 + random.Next(0, 20) * 1_000, Collected);
}
