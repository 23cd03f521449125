using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Tests.Backtesting;

/// <summary>Three months of seeded random bars and seeded random orders (every type, at every time of day, with amends
/// and cancels): after every step the account must add up and every fill must obey the fill model.</summary>
public sealed class SimulatedBrokerInvariantTests
{
    private static readonly KrxCalendar Calendar = new();
    private static readonly BacktestInstrument[] Instruments =
        [new("100000", "Kospi stock"), new("200000", "Kosdaq stock", KrxMarket.Kosdaq)];

    private static Dictionary<string, IReadOnlyList<Bar>> RandomBars(Random random, DateOnly from, int sessions)
    {
        var bars = new Dictionary<string, IReadOnlyList<Bar>>(StringComparer.Ordinal);
        foreach (var i in Instruments)
        {
            var list = new List<Bar>();
            var close = i.Market == KrxMarket.Kospi ? 61_000m : 4_980m;
            var day = from;
            while (list.Count < sessions)
            {
                if (Calendar.IsTradingDay(day))
                {
                    var limits = KrxRules.DailyLimits(close, i.Market, i.Kind, day);
                    decimal Grid(double move)
                    {
                        var raw = Math.Clamp(close * (1m + (decimal)move), limits.Lower, limits.Upper);
                        return KrxRules.FloorToTick(Math.Max(raw, limits.Lower), i.Market, i.Kind, day) is var p && p >= limits.Lower ? p : limits.Lower;
                    }
                    var halted = random.Next(25) == 0;
                    var open = halted ? close : Grid((random.NextDouble() - 0.5) * 0.04);
                    var last = halted ? close : Grid((random.NextDouble() - 0.5) * 0.08);
                    var high = halted ? close : Math.Max(Math.Max(open, last), Grid(random.NextDouble() * 0.06));
                    var low = halted ? close : Math.Min(Math.Min(open, last), Grid(-random.NextDouble() * 0.06));
                    var volume = halted ? 0 : random.Next(5_000, 200_000);
                    list.Add(new Bar(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), open, high, low, last, volume, last * volume));
                    close = last;
                }
                day = day.AddDays(1);
            }
            bars[i.Ticker] = list;
        }
        return bars;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomOrders_KeepTheAccountConsistent_AndEveryFillWithinTheModel(int seed)
    {
        var random = new Random(seed);
        var bars = RandomBars(random, new DateOnly(2026, 3, 3), 60);
        var history = new BarHistory(bars, Instruments);
        var sessions = bars["100000"].Select(b => b.Date).ToList();
        var clock = new BacktestClock(KrxCalendar.OpenOn(sessions[1]).AddHours(-2), Calendar);
        var market = new HistoricalMarketData(history, clock, Calendar);
        var options = new SimulatedBrokerOptions
        {
            InitialCash = 20_000_000m,
            Slippage = new SlippageModel(random.Next(3), random.Next(3) * 0.1m, 0.02m),
        };
        var broker = new SimulatedBroker(history, clock, Calendar, options);
        var types = new[] { OrderPriceType.Limit, OrderPriceType.Market, OrderPriceType.ConditionalLimit };
        var times = new[] { new TimeOnly(8, 45), new TimeOnly(9, 0), new TimeOnly(11, 0), new TimeOnly(15, 25), new TimeOnly(15, 40) };
        var accepted = 0;

        foreach (var day in sessions.Skip(1))
        {
            foreach (var time in times)
            {
                clock.AdvanceTo(new DateTimeOffset(day.ToDateTime(time), KoreaTime.Offset));
                for (var k = random.Next(3); k > 0; k--)
                {
                    var i = Instruments[random.Next(Instruments.Length)];
                    var quote = market.QuoteAt(i.Ticker, clock.GetUtcNow());
                    if (quote.Open > 0 && calendarInSession(clock.GetUtcNow()))
                        Assert.Equal((quote.Open, quote.Open, 0L), (quote.High, quote.Low, quote.Volume)); // nothing of the day but its open
                    var type = types[random.Next(types.Length)];
                    var price = KrxRules.StepTicks(quote.Price, random.Next(-4, 5), i.Market, i.Kind, day);
                    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    var quantity = side == Side.Sell ? Math.Max(1, (await broker.GetSellableQuantityAsync(i.Ticker)).Quantity / 2) : random.Next(1, 120);
                    var result = await broker.PlaceAsync(new OrderRequest(i.Ticker, side, type, quantity, type == OrderPriceType.Market ? null : price));
                    if (result.Status == SubmissionStatus.Accepted) accepted++;
                }
                var open = (await broker.GetOpenOrdersAsync()).Orders;
                if (open.Count > 0 && random.Next(3) == 0)
                {
                    var target = open[random.Next(open.Count)];
                    var i = history.Instrument(target.Ticker);
                    if (random.Next(2) == 0)
                        await broker.CancelAsync(new ModifyRequest(target.OrderId, target.Ticker, OrderPriceType.Limit, null, target.Price));
                    else
                    {
                        var newPrice = KrxRules.StepTicks(market.QuoteAt(target.Ticker, clock.GetUtcNow()).Price, random.Next(-2, 3), i.Market, i.Kind, day);
                        await broker.AmendAsync(new ModifyRequest(target.OrderId, target.Ticker, OrderPriceType.Limit, null, newPrice));
                    }
                }
                await CheckAsync(broker, bars, history, options, clock.GetUtcNow());
            }
        }
        Assert.True(accepted > 50, $"only {accepted} orders were accepted: the scenario exercises too little");
        Assert.True(broker.Fills.Count > 30, $"only {broker.Fills.Count} fills");

        static bool calendarInSession(DateTimeOffset at) => Calendar.IsInSession(at);
    }

    private static async Task CheckAsync(SimulatedBroker broker, Dictionary<string, IReadOnlyList<Bar>> bars, BarHistory history,
        SimulatedBrokerOptions options, DateTimeOffset now)
    {
        var fills = broker.Fills;
        var balance = await broker.GetBalanceAsync();
        Assert.Equal(options.InitialCash + fills.Sum(f => f.CashFlow), balance.CashD2);
        Assert.True(balance.CashD2 >= 0, $"overspent: D+2 deposit {balance.CashD2}");
        Assert.Equal(options.InitialCash + fills.Where(f => f.SettlesOn <= KrxCalendar.KstDate(now)).Sum(f => f.CashFlow), balance.Cash);

        foreach (var i in Instruments)
        {
            var net = fills.Where(f => f.Ticker == i.Ticker).Sum(f => f.Side == Side.Buy ? f.Quantity : -f.Quantity);
            Assert.True(net >= 0, $"{i.Ticker}: sold more than bought");
            Assert.Equal(net, balance.Holdings.SingleOrDefault(h => h.Ticker == i.Ticker)?.Quantity ?? 0);
        }

        var orders = broker.Orders.ToDictionary(o => o.OrderNo, StringComparer.Ordinal);
        foreach (var f in fills)
        {
            var i = history.Instrument(f.Ticker);
            var bar = bars[f.Ticker].Single(b => b.Date == f.Date);
            var limits = KrxRules.DailyLimits(history.PreviousClose(f.Ticker, f.Date)!.Value, i.Market, i.Kind, f.Date);
            Assert.True(f.Time <= now, "a fill is visible before it happened");
            Assert.True(f.Time == KrxCalendar.OpenOn(f.Date) || f.Time == KrxCalendar.CloseOn(f.Date), $"fill at {f.Time}");
            Assert.True(KrxRules.IsOnTick(f.Price, i.Market, i.Kind, f.Date), $"{f.Price} off the grid");
            Assert.True(f.Price >= bar.Low && f.Price <= bar.High && limits.Contains(f.Price), $"{f.Price} outside {bar.Low}–{bar.High}");
            var order = orders[f.OrderNo];
            Assert.Equal(order.Session, f.Date);
            if (order.Type == OrderPriceType.Limit)
                Assert.True(f.Side == Side.Buy ? f.Price <= order.Price : f.Price >= order.Price, $"fill {f.Price} beyond the limit {order.Price}");
            // Commission is charged on the order's running total: each fill's share is within a won of its own.
            Assert.InRange(f.Commission, Math.Floor(f.Amount * options.Costs.CommissionRate) - 1m, Math.Floor(f.Amount * options.Costs.CommissionRate) + 1m);
        }
        foreach (var g in fills.GroupBy(f => (f.Ticker, f.Date)))
        {
            var bar = bars[g.Key.Ticker].Single(b => b.Date == g.Key.Date);
            Assert.True(g.Sum(f => f.Quantity) <= (long)Math.Floor(bar.Volume * options.Slippage.ParticipationCap!.Value), "participation cap exceeded");
        }
        foreach (var o in orders.Values)
        {
            Assert.True(o.FilledQuantity + o.CancelledQuantity + o.RejectedQuantity <= o.Quantity || o.Kind == ModificationKind.Cancel);
            if (now >= KrxCalendar.CloseOn(o.Session)) Assert.Equal(0, o.Remaining);
        }
    }
}
