using System.Collections.Concurrent;
using KisTrader.Core.Approvals;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Execution.Support;

/// <summary>A broker whose answers a test scripts. Every placed and cancelled request is recorded.</summary>
internal sealed class ScriptedRouter : IOrderRouter
{
    private int _sequence;
    public ConcurrentQueue<OrderRequest> Placed { get; } = new();
    public ConcurrentQueue<ModifyRequest> Cancelled { get; } = new();

    /// <summary>Runs before the answer: lets a test look at the ledger at the moment of sending, or throw.</summary>
    public Func<OrderRequest, Task>? OnPlace { get; set; }
    public Func<OrderRequest, OrderSubmission>? Answer { get; set; }

    public async Task<OrderSubmission> PlaceAsync(OrderRequest order, CancellationToken ct = default)
    {
        if (OnPlace is not null) await OnPlace(order);
        Placed.Enqueue(order);
        return Answer?.Invoke(order) ?? Accept();
    }

    public OrderSubmission Accept() =>
        new(SubmissionStatus.Accepted, new BrokerOrderId("00950", (Interlocked.Increment(ref _sequence) + 1000).ToString("D10")), new TimeOnly(10, 0), "APBK0013", "주문 전송 완료");

    public Task<OrderSubmission> AmendAsync(ModifyRequest request, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<OrderSubmission> CancelAsync(ModifyRequest request, CancellationToken ct = default)
    {
        Cancelled.Enqueue(request);
        return Task.FromResult(new OrderSubmission(SubmissionStatus.Accepted, new BrokerOrderId("00950", "9" + request.Original.OrderNo[1..]), new TimeOnly(10, 1), "APBK0013", "취소 완료"));
    }
}

internal sealed class FakeAccount : IAccountReader
{
    public AccountBalance Balance { get; set; } = Account(9_000_000m, 10, 100_000m);
    public List<BrokerOrder> Orders { get; } = [];
    public Exception? OrdersFailure { get; set; }
    public int OrderQueries;

    public static AccountBalance Account(decimal cash, long held, decimal price) =>
        new(cash, cash, held * price, cash + held * price, cash + held * price, held * 90_000m, held * (price - 90_000m),
            held > 0 ? [new Holding("005930", "삼성전자", held, held, 90_000m, held * 90_000m, price, held * price, held * (price - 90_000m), 0m)] : []);

    public int BalanceReads => _balanceReads;
    private int _balanceReads;

    public Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default)
    {
        Interlocked.Increment(ref _balanceReads);
        return Task.FromResult(Balance);
    }

    public Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        Interlocked.Increment(ref OrderQueries);
        if (OrdersFailure is not null) throw OrdersFailure;
        lock (Orders) return Task.FromResult<IReadOnlyList<BrokerOrder>>([.. Orders]);
    }

    public Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => throw new NotSupportedException();
}

internal sealed class FakeMarket : IMarketData
{
    public Dictionary<string, Quote> Quotes { get; } = new()
    {
        ["005930"] = new("005930", "삼성전자", 100_000m, 0, 0, 100_000m, 100_000m, 100_000m, 1000, 0, 100_000m, 130_000m, 70_000m, 100m, DateTimeOffset.UtcNow),
        ["000660"] = new("000660", "SK하이닉스", 20_000m, 0, 0, 20_000m, 20_000m, 20_000m, 1000, 0, 20_000m, 26_000m, 14_000m, 50m, DateTimeOffset.UtcNow),
    };

    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _quoteReads);
        return Task.FromResult(Quotes[ticker]);
    }
    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => throw new NotSupportedException();
    /// <summary>REST order books by ticker; a ticker without one fails the read as the broker would.</summary>
    public Dictionary<string, OrderBookSnapshot> Books { get; } = new();
    public int QuoteReads => _quoteReads;
    public int OrderBookReads => _bookReads;
    private int _quoteReads, _bookReads;

    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _bookReads);
        return Books.TryGetValue(ticker, out var b) ? Task.FromResult(b) : throw new InvalidOperationException($"no order book for {ticker}");
    }

    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();

    /// <summary>A one-level book: the best ask and bid.</summary>
    public static OrderBookSnapshot Book(string ticker, decimal ask, decimal bid, DateTimeOffset at) =>
        new(ticker, at, ask > 0 ? [new BookLevel(ask, 100)] : [], bid > 0 ? [new BookLevel(bid, 100)] : [], ask > 0 ? 100 : 0, bid > 0 ? 100 : 0);
}

