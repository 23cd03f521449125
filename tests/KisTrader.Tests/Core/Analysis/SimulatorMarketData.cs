using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Simulator;

namespace KisTrader.Tests.Core.Analysis;

/// <summary>The simulator's market read in-process, as the KIS client would read it over REST: completed daily bars
/// and today's quote. Lets a test run the analyzer over the simulator for many start times without HTTP.</summary>
internal sealed class SimulatorMarketData(SimExchange exchange, TimeProvider time) : IMarketData
{
    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
    {
        lock (exchange.Gate)
        {
            var s = exchange.Instrument(ticker) ?? throw new InvalidOperationException("unknown ticker " + ticker);
            IReadOnlyList<Bar> bars = [.. s.History.Where(b => b.Date >= from && b.Date <= to)
                .Select(b => new Bar(new DateTimeOffset(b.Date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), b.Open, b.High, b.Low, b.Close, b.Volume, b.Amount))];
            return Task.FromResult(bars);
        }
    }

    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default)
    {
        lock (exchange.Gate)
        {
            var s = exchange.Instrument(ticker) ?? throw new InvalidOperationException("unknown ticker " + ticker);
            var t = s.Today;
            return Task.FromResult(new Quote(s.Code, s.Name, s.Last, s.Last - s.BasePrice, s.ChangeRate(s.Last), t.Open, t.High, t.Low,
                t.Volume, t.Amount, s.BasePrice, s.Limits.Upper, s.Limits.Lower, s.TickSize, time.GetUtcNow()));
        }
    }

    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => Task.FromResult(exchange.Instrument(ticker)?.Name);
    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();
}
