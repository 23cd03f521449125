using System.Net.Http.Json;
using System.Text;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Decisions;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Tests.Loopback.Support;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Broker;
using KisTrader.Web.Trading;

namespace KisTrader.Tests.Trading;

/// <summary>Acceptance on the composed app: a position that falls through the daily loss limit moves trading to
/// Reducing by itself (the maintenance loop, no one calls the guard), with a notification; buys are refused after it
/// and a sell still goes out.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class LossLimitRunTests
{
    private const string Ticker = "005930";

    [Fact]
    public async Task A_loss_through_the_daily_limit_moves_trading_to_reducing_by_itself_and_notifies()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            ["Risk:DailyLossLimitPercent"] = "1",
            ["Risk:WeeklyLossLimitPercent"] = "50",
        });
        using var notifications = new BusProbe<NotificationRaised>(app.Get<IEventBus>());
        var gateway = app.Get<IOrderGateway>();
        var ledger = app.Get<IOrderLedger>();
        var quote = await app.Get<IMarketData>().GetQuoteAsync(Ticker);
        // A market buy is valued at the upper limit: about 7.3 M KRW filled, 7% of the account's equity.
        var quantity = (long)Math.Floor(9_500_000m / quote.UpperLimit);
        var bought = await gateway.SubmitAsync(new PlannedOrder(Ticker, Side.Buy, quantity, OrderPriceType.Market, null, "position to lose on", 0.5m), null, null);
        Assert.True(bought.OrderId is not null, bought.Verdict.Reason);
        await Poll.UntilAsync(async () => await ledger.GetAsync(bought.OrderId!) is { Status: LedgerOrderStatus.Filled }, TimeSpan.FromSeconds(20), "the buy to fill");

        // −20% on the position is about −1.4% of equity (the simulator holds the price at today's lower limit at worst).
        using var sim = new HttpClient { BaseAddress = app.Get<BrokerRuntime>().Simulator!.BaseUrl };
        var shock = await sim.PostAsync("/sim/control/shock", new StringContent($"{{\"code\":\"{Ticker}\",\"percent\":-20}}", Encoding.UTF8, "application/json"));
        shock.EnsureSuccessStatusCode();

        var control = app.Get<ITradingControl>();
        await Poll.UntilAsync(async () => (await control.GetAsync()).Mode == TradingMode.Reducing,
            TradingStartup.MaintenanceInterval * 3, "the maintenance loop to move trading to Reducing");
        var state = await control.GetAsync();
        Assert.Equal(LossLimitGuard.Actor, state.ChangedBy);
        Assert.Contains("daily loss", state.Reason);
        await notifications.WaitAsync(r => r.Any(n => n.Notification.Title == "Trading Reducing" && n.Notification.Message.Contains(LossLimitGuard.Actor)),
            "the Reducing notification");

        var buyAgain = await gateway.SubmitAsync(new PlannedOrder(Ticker, Side.Buy, 1, OrderPriceType.Market, null, "buy the dip", 0.5m), null, null);
        Assert.Null(buyAgain.OrderId);
        Assert.Equal(RiskRejectCode.ReducingSellsOnly, buyAgain.Verdict.Code);
        var sell = await gateway.SubmitAsync(new PlannedOrder(Ticker, Side.Sell, quantity, OrderPriceType.Market, null, "get out", 0.5m), null, null);
        Assert.True(sell.OrderId is not null, sell.Verdict.Reason);
    }
}
