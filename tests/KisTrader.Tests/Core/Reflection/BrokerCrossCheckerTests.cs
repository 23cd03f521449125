using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Reflection;
using KisTrader.Tests.Core.Reflection.Fakes;
using static KisTrader.Tests.Core.Reflection.Fakes.ReflectionTrades;

namespace KisTrader.Tests.Core.Reflection;

public sealed class BrokerCrossCheckerTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly DateTimeOffset From = Kst(2026, 11, 16, 0), To = Kst(2026, 11, 23, 0);

    private static readonly IReadOnlyList<KisTrader.Core.Trades.TradeRecord> Ours =
    [
        Buy("b1", "005930", 10, 70_000m, Kst(2026, 11, 20, 9, 30)),
        Sell("s1", "000660", 5, 200_000m, Kst(2026, 11, 20, 11)),
    ];

    [Fact]
    public async Task Matching_executions_are_consistent()
    {
        var broker = new FakeBrokerAccount();
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "005930", Side.Buy, 10, 70_000m));
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "000660", Side.Sell, 5, 200_000m));
        var check = await new BrokerCrossChecker(broker).CheckAsync(Ours, 1_000m, From, To);
        Assert.True(check.Consistent);
        Assert.Equal((2, 2, 2), (check.BrokerExecutions, check.OurTrades, check.Matched));
        Assert.Equal(["daily_ccld"], check.Sources);
    }

    [Fact]
    public async Task Executions_before_the_periods_first_instant_are_not_reported_missing()
    {
        // The period starts Wednesday 11:00 KST; the broker answers the whole Wednesday.
        var from = Kst(2026, 11, 18, 11);
        var broker = new FakeBrokerAccount();
        broker.Orders.Add(FakeBrokerAccount.Executed(new DateOnly(2026, 11, 18), "035720", Side.Buy, 3, 40_000m)); // 10:00, before
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "005930", Side.Buy, 10, 70_000m));
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "000660", Side.Sell, 5, 200_000m));
        var check = await new BrokerCrossChecker(broker).CheckAsync(Ours, 1_000m, from, To);
        Assert.True(check.Consistent, string.Join("; ", check.Differences));
        Assert.Equal(2, check.BrokerExecutions);
    }

    [Fact]
    public async Task Missing_trades_on_either_side_and_quantity_or_price_mismatches_are_listed()
    {
        var broker = new FakeBrokerAccount();
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "000660", Side.Sell, 4, 200_500m));
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "035720", Side.Buy, 3, 40_000m));
        var check = await new BrokerCrossChecker(broker).CheckAsync(Ours, 0m, From, To);
        Assert.Equal(0, check.Matched);
        Assert.Equal(4, check.Differences.Count);
        Assert.Contains(check.Differences, d => d.Contains("BUY 005930") && d.Contains("none executed at the broker"));
        Assert.Contains(check.Differences, d => d.Contains("BUY 035720") && d.Contains("missing from our record"));
        Assert.Contains(check.Differences, d => d.Contains("SELL 000660: quantity 5 in our record, 4 at the broker"));
        Assert.Contains(check.Differences, d => d.Contains("SELL 000660: average price 200,000 in our record, 200,500 at the broker"));
    }

    [Fact]
    public async Task The_brokers_realised_profit_is_compared_within_one_won_per_sell()
    {
        var broker = new FakeBrokerAccount
        {
            Profit = () => new PeriodProfit(DataSource.Broker, [new DailyProfit(Day, 0m, 1_000_000m, 1_002m, 150m, 2_000m)]),
        };
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "005930", Side.Buy, 10, 70_000m));
        broker.Orders.Add(FakeBrokerAccount.Executed(Day, "000660", Side.Sell, 5, 200_000m));
        var close = await new BrokerCrossChecker(broker).CheckAsync(Ours, 1_001m, From, To);
        Assert.True(close.Consistent);
        Assert.Equal(["daily_ccld", "period_profit"], close.Sources);
        Assert.Equal(1_002m, close.BrokerRealisedPnl);

        var off = await new BrokerCrossChecker(broker).CheckAsync(Ours, 990m, From, To);
        Assert.Contains(off.Differences, d => d.StartsWith("realised P&L 990 KRW in our record, 1,002 KRW at the broker"));
    }

    [Fact]
    public async Task A_computed_period_profit_is_not_taken_as_the_brokers_word()
    {
        var broker = new FakeBrokerAccount { Profit = () => new PeriodProfit(DataSource.Computed, [new DailyProfit(Day, 0, 0, 5_000m, 0, 0)]) };
        var check = await new BrokerCrossChecker(broker).CheckAsync([], 0m, From, To);
        Assert.Null(check.BrokerRealisedPnl);
        Assert.True(check.Consistent);
    }

    [Fact]
    public async Task A_broker_that_cannot_be_asked_makes_the_check_incomplete_not_failed()
    {
        var broker = new FakeBrokerAccount { OrdersFailure = new HttpRequestException("connection refused") };
        var check = await new BrokerCrossChecker(broker).CheckAsync(Ours, 0m, From, To);
        Assert.False(check.Consistent);
        Assert.Contains("connection refused", check.Error);
        Assert.Equal(2, check.OurTrades);
    }
}
