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

internal sealed class InMemoryApprovalStore : IApprovalStore
{
    public readonly ConcurrentDictionary<string, PendingApproval> Items = new();
    private readonly Lock _lock = new();

    public Task AddAsync(PendingApproval approval, CancellationToken ct = default)
    {
        Items[approval.ApprovalId] = approval;
        return Task.CompletedTask;
    }

    public Task<PendingApproval?> GetAsync(string approvalId, CancellationToken ct = default) => Task.FromResult(Items.GetValueOrDefault(approvalId));

    public Task<IReadOnlyList<PendingApproval>> ListAsync(ApprovalStatus? status, int max = 200, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<PendingApproval>>([.. Items.Values.Where(a => status is null || a.Status == status).OrderByDescending(a => a.CreatedAt).Take(max)]);

    public Task<ApprovalPage> QueryDecidedAsync(DecidedApprovalQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(Items.Values));

    public Task<bool> DecideAsync(string approvalId, ApprovalStatus status, string decidedBy, DateTimeOffset at, string reason, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!Items.TryGetValue(approvalId, out var a) || a.Status != ApprovalStatus.Pending) return Task.FromResult(false);
            Items[approvalId] = a with { Status = status, DecidedBy = decidedBy, DecidedAt = at, DecisionReason = reason };
            return Task.FromResult(true);
        }
    }

    public Task<bool> SupersedeAsync(string approvalId, string? newerApprovalId, DateTimeOffset at, string reason, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!Items.TryGetValue(approvalId, out var a) || a.Status != ApprovalStatus.Pending) return Task.FromResult(false);
            Items[approvalId] = a with { Status = ApprovalStatus.Superseded, DecidedBy = "system", DecidedAt = at, DecisionReason = reason, SupersededBy = newerApprovalId };
            return Task.FromResult(true);
        }
    }

    public Task SetOrderIdAsync(string approvalId, string orderId, CancellationToken ct = default)
    {
        lock (_lock) Items[approvalId] = Items[approvalId] with { OrderId = orderId };
        return Task.CompletedTask;
    }

    public Task SetNotSentAsync(string approvalId, string reason, CancellationToken ct = default)
    {
        lock (_lock) Items[approvalId] = Items[approvalId] with { NotSentReason = reason };
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryTradeStore : ITradeStore
{
    public readonly ConcurrentDictionary<string, TradeRecord> Trades = new();
    public int Inserts;

    public Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        Interlocked.Increment(ref Inserts);
        if (Trades.TryGetValue(trade.TradeId, out var existing))
            return existing == trade ? Task.FromResult(TradeInsertResult.AlreadyRecorded)
                : throw new KisTrader.Core.Errors.TradingSystemException("different trade with the same id");
        Trades[trade.TradeId] = trade;
        return Task.FromResult(TradeInsertResult.Inserted);
    }

    public Task<TradeInsertResult> RecordExecutionAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        Interlocked.Increment(ref Inserts);
        if (!Trades.TryGetValue(trade.TradeId, out var existing))
        {
            Trades[trade.TradeId] = trade;
            return Task.FromResult(TradeInsertResult.Inserted);
        }
        if (existing.Ticker != trade.Ticker || existing.Action != trade.Action)
            throw new KisTrader.Core.Errors.TradingSystemException("different trade with the same id");
        var updated = existing with { Timestamp = trade.Timestamp, Quantity = trade.Quantity, Price = trade.Price };
        if (updated == existing) return Task.FromResult(TradeInsertResult.AlreadyRecorded);
        Trades[trade.TradeId] = updated;
        return Task.FromResult(TradeInsertResult.Updated);
    }

    public Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default) => Task.FromResult(Trades.GetValueOrDefault(tradeId));
    public Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(Trades.Count);
    public Task<TradePage> QueryAsync(TradeQuery query, CancellationToken ct = default) => Task.FromResult(TradeQueries.Apply(Trades.Values, query));
}

internal sealed class InMemoryAuditLog : IAuditLog
{
    public readonly ConcurrentQueue<AuditEntry> Entries = new();

    public Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
    {
        Entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.Reverse().Take(count)]);

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(Entries));

    public Task<IReadOnlyList<AuditEntry>> ByActorSinceAsync(string actor, DateTimeOffset since, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.Where(e => e.Actor == actor && e.Timestamp >= since)]);
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
