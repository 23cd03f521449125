using KisTrader.Core.Errors;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Live;

/// <summary>Reference-counts order-book subscriptions for the pages that show a book, so the feed's 40 slots
/// are only used while someone looks.</summary>
public sealed class OrderBookSubscriptions(IRealtimeFeed feed, ILogger<OrderBookSubscriptions> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Returns a lease to dispose when the page stops showing the book, or null when the feed has no slot left.</summary>
    public async Task<IAsyncDisposable?> AcquireAsync(string ticker, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_counts.TryGetValue(ticker, out var n))
            {
                _counts[ticker] = n + 1;
                return new Lease(this, ticker);
            }
            try
            {
                await feed.SubscribeOrderBookAsync([ticker], ct);
            }
            catch (TradingSystemException ex)
            {
                logger.LogWarning("Order book of {Ticker} not subscribed: {Reason}", ticker, ex.Message);
                return null;
            }
            _counts[ticker] = 1;
            return new Lease(this, ticker);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync(string ticker)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_counts.TryGetValue(ticker, out var n))
                return;
            if (n > 1)
            {
                _counts[ticker] = n - 1;
                return;
            }
            _counts.Remove(ticker);
            await feed.UnsubscribeOrderBookAsync([ticker]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Unsubscribing the order book of {Ticker} failed", ticker);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Lease(OrderBookSubscriptions owner, string ticker) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.ReleaseAsync(ticker)) : ValueTask.CompletedTask;
    }
}
