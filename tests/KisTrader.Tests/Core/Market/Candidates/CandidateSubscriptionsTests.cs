using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;

namespace KisTrader.Tests.Core.Market.Candidates;

public sealed class CandidateSubscriptionsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private readonly BudgetFeed _feed = new();
    private readonly TickCache _ticks = new();
    private readonly CandidateSubscriptions _subscriptions;

    public CandidateSubscriptionsTests() => _subscriptions = new CandidateSubscriptions(_feed, _ticks, new CandidateOptions { ReservedRealtimeSlots = 2 });

    private static string Code(int i) => (100_000 + i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Tick TickOf(string ticker) => new(ticker, At, 10_000m, 0m, 0m, 10_000m, 10_000m, 10_000m, 1, 1, 10_000m, 0m, 0m, 100m, null, false);

    [Fact]
    public async Task Update_TakesOnlyTheSlotsLeftAfterTheWatchlistHoldingsAndOrderBooks_BestFirst()
    {
        string[] watchlist = [.. Enumerable.Range(1, 30).Select(Code)];
        await _feed.SubscribeTradesAsync(watchlist);
        await _feed.SubscribeOrderBookAsync([Code(1), Code(2)]);
        string[] holdings = [Code(91), Code(92)]; // held, not subscribed: their slots are kept for them all the same

        var (subscribed, slots, problem) = await _subscriptions.UpdateAsync(["900010", "900020", "900030", "900040", "900050"],
            [.. watchlist, .. holdings], holdings);

        // 40 − 2 reserved − 2 order books − 30 watchlist − 2 holdings = 4.
        Assert.Equal(4, slots);
        Assert.Null(problem);
        Assert.Equal(["900010", "900020", "900030", "900040"], subscribed.Order());
        Assert.Equal(34, _feed.TradeSubscriptions.Count);
    }

    [Fact]
    public async Task Update_WithTheBudgetFull_SubscribesNoCandidate_AndForgetsTheirOldTicks()
    {
        string[] watchlist = [.. Enumerable.Range(1, 38).Select(Code)];
        await _feed.SubscribeTradesAsync(watchlist);
        _ticks.Update(TickOf("900010")); // from a run when it was subscribed

        var (subscribed, slots, _) = await _subscriptions.UpdateAsync(["900010"], watchlist, []);

        Assert.Equal(0, slots);
        Assert.Empty(subscribed);
        Assert.DoesNotContain("900010", _feed.TradeSubscriptions);
        Assert.False(_ticks.TryGet("900010", out _));
    }

    [Fact]
    public async Task Update_UnsubscribesDroppedCandidates_ButAHeldOneStays_UntilItIsNeitherHeldNorACandidate()
    {
        string[] watchlist = ["005930"];
        await _feed.SubscribeTradesAsync(watchlist);
        await _subscriptions.UpdateAsync(["900010", "900020", "900030"], watchlist, []);
        _ticks.Update(TickOf("900030"));

        // 900020 was bought: it is a holding now (in the universe) and no longer a candidate; 900030 dropped out.
        await _subscriptions.UpdateAsync(["900010"], [.. watchlist, "900020"], ["900020"]);

        Assert.Equal(["005930", "900010", "900020"], _feed.TradeSubscriptions.Order());
        Assert.Equal(["900030"], _feed.Unsubscribed);
        Assert.False(_ticks.TryGet("900030", out _));

        // Sold, and not proposed again: released.
        await _subscriptions.UpdateAsync([], watchlist, []);
        Assert.Equal(["005930"], _feed.TradeSubscriptions);
        Assert.Empty(_subscriptions.Owned);
    }

    [Fact]
    public async Task Update_WhenTheFeedRefuses_AddsNothing_AndSaysWhy()
    {
        // Order books taken since the count: the session refuses the batch that would exceed 40.
        var subscriptions = new CandidateSubscriptions(_feed, _ticks, new CandidateOptions { ReservedRealtimeSlots = 0, RealtimeSlots = 45 });
        await _feed.SubscribeTradesAsync([.. Enumerable.Range(1, 38).Select(Code)]);

        var (subscribed, _, problem) = await subscriptions.UpdateAsync(["900010", "900020", "900030"], [], []);

        Assert.Empty(subscribed);
        Assert.Contains("40 allowed", problem);
        Assert.Equal(38, _feed.TradeSubscriptions.Count);
    }
}
