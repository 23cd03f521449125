using System.Collections.Concurrent;
using KisTrader.Core.Approvals;
using KisTrader.Core.Audit;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Tests.Core.Graphs.Fakes;

internal sealed class FakeAccountReader(AccountBalance balance) : IAccountReader
{
    public Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default) => Task.FromResult(balance);
    public Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => throw new NotSupportedException();
}

internal sealed class FakeAnalyzer(Func<IReadOnlyCollection<string>, MarketAnalysis> analyze) : IMarketAnalyzer
{
    public IReadOnlyCollection<string>? LastTickers { get; private set; }

    public Task<MarketAnalysis> AnalyzeAsync(IReadOnlyCollection<string> tickers, CancellationToken ct = default)
    {
        LastTickers = tickers;
        return Task.FromResult(analyze(tickers));
    }
}

internal sealed class FakeEngine(string name, Func<DecisionInput, DecisionResult> decide) : IDecisionEngine
{
    public int Calls;
    public DecisionInput? LastInput;
    public string Name => name;

    public Task<DecisionResult> DecideAsync(DecisionInput input, CancellationToken ct = default)
    {
        Calls++;
        LastInput = input;
        return Task.FromResult(decide(input));
    }
}

internal sealed class FakeSelector(IDecisionEngine engine, string? notice = null, IDecisionEngine? onFailure = null) : IDecisionEngineSelector
{
    public string? Notice { get; set; } = notice;
    /// <summary>Set to put the engine on probation: this one decides when it fails.</summary>
    public IDecisionEngine? OnFailure { get; set; } = onFailure;

    public Task<EngineChoice> SelectAsync(CancellationToken ct = default) => Task.FromResult(new EngineChoice(engine, Notice, OnFailure));
}

/// <summary>Records published events synchronously (the real bus delivers on background readers).</summary>
internal sealed class RecordingBus : IEventBus
{
    private readonly InMemoryEventBus _inner = new();
    public readonly ConcurrentQueue<object> Published = new();

    public void Publish<T>(T message) where T : notnull
    {
        Published.Enqueue(message);
        _inner.Publish(message);
    }

    public IDisposable Subscribe<T>(Func<T, CancellationToken, ValueTask> handler) where T : notnull => _inner.Subscribe(handler);

    public IEnumerable<T> OfType<T>() => Published.OfType<T>();
}
