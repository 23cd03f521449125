using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Simulator;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>One of our orders as the simulator holds it (the broker's truth).</summary>
internal sealed record BrokerRow(string OrderNo, string Ticker, Side Side, long Quantity, decimal Price, long Filled, long Remaining);

/// <summary>The orders of the day on both sides once the faults are cleared and the app has reconciled.</summary>
internal sealed record Settled(IReadOnlyList<LedgerOrder> Ledger, IReadOnlyList<BrokerRow> Broker, int FillsMissedByNotices, decimal AvailableCash, decimal Equity)
{
    public int Duplicates => Broker.Count - Broker.Count(b => Ledger.Count(l => l.BrokerOrderNo is { } no && BrokerOrderNumbers.Same(no, b.OrderNo)) == 1);
}

/// <summary>The safe state every fault scenario must end in: no order beyond the risk limits, one broker order per
/// ledger order and none the ledger does not know, nothing left ambiguous, fills the same on both sides.</summary>
internal static class SafeState
{
    /// <summary>Reconciliation and polling as the app runs them itself (the gateway reconciles before the next send while
    /// anything is ambiguous; the fill tracker polls every 30 s): run here so the test need not wait for them.</summary>
    public static async Task<Settled> SettleAsync(FaultRig rig)
    {
        var gateway = rig.App.Get<OrderGateway>();
        var fills = rig.App.Get<FillTracker>();
        // Fills the notice feed did not deliver (lost with a dropped session, withheld, corrupted): the ledger is behind
        // the broker until reconciliation or polling reads the broker's order list.
        var behind = await FillsBehindAsync(rig);
        // An order the broker's list does not have is taken as never placed only after the absence grace.
        await Poll.UntilAsync(async () => (await gateway.ReconcileAsync()).Unresolved == 0, TimeSpan.FromSeconds(15),
            "reconciliation to settle every order of unknown outcome");
        // Fills can still happen while we look (resting limit orders): poll until both sides agree.
        await Poll.UntilAsync(async () =>
        {
            await fills.PollOnceAsync();
            return (await FillsBehindAsync(rig)).Count == 0;
        }, TimeSpan.FromSeconds(20), "the ledger's fills to match the broker's after polling");
        var ledger = await LedgerTodayAsync(rig);
        var (broker, available, equity) = Broker(rig.Simulator);
        return new Settled(ledger, broker, behind.Count, available, equity);
    }

    /// <summary>Asserts the safe state; returns the duplicates found (always 0 when it returns).</summary>
    public static void Assert(Settled s)
    {
        var limits = FaultRig.Limits;
        var problems = new List<string>();

        // Nothing ambiguous once reconciliation ran.
        foreach (var o in s.Ledger.Where(o => o.Status is LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown))
            problems.Add($"ledger order {o.OrderId} still {o.Status}: {o.LastError}");

        // 1:1 between the broker's orders and the ledger's.
        foreach (var b in s.Broker)
        {
            var mine = s.Ledger.Where(l => l.BrokerOrderNo is { } no && BrokerOrderNumbers.Same(no, b.OrderNo)).ToList();
            if (mine.Count != 1)
                problems.Add($"broker order {b.OrderNo} ({b.Side} {b.Quantity} {b.Ticker} @ {b.Price:0}) matches {mine.Count} ledger orders");
            else if (mine[0] is var l && (l.Ticker, l.Side, l.Quantity, l.LimitPrice ?? 0m) != (b.Ticker, b.Side, b.Quantity, b.Price))
                problems.Add($"broker order {b.OrderNo} differs from ledger order {l.OrderId}: {b} vs {l.Side} {l.Quantity} {l.Ticker} @ {l.LimitPrice}");
            else if (l.FilledQuantity != b.Filled)
                problems.Add($"ledger order {l.OrderId} has {l.FilledQuantity} filled, the broker {b.Filled}");
            else if (b.Remaining == 0 && !l.IsFinal)
                problems.Add($"ledger order {l.OrderId} is {l.Status} but done at the broker");
        }
        foreach (var l in s.Ledger.Where(l => l.BrokerOrderNo is not null))
            if (!s.Broker.Any(b => BrokerOrderNumbers.Same(b.OrderNo, l.BrokerOrderNo!)))
                problems.Add($"ledger order {l.OrderId} names broker order {l.BrokerOrderNo}, which the broker does not have");
        foreach (var l in s.Ledger.Where(l => l.BrokerOrderNo is null && l.Status != LedgerOrderStatus.Rejected))
            problems.Add($"ledger order {l.OrderId} has no broker number but is {l.Status}");

        // The risk limits, on what reached the broker (its own list) and on the ledger.
        if (s.Broker.Count > limits.MaxOrdersPerDay)
            problems.Add($"{s.Broker.Count} orders at the broker today, above the limit of {limits.MaxOrdersPerDay}");
        foreach (var b in s.Broker.Where(b => b.Side == Side.Buy && b.Quantity * b.Price > limits.MaxOrderValueKrw))
            problems.Add($"broker order {b.OrderNo} is worth {b.Quantity * b.Price:N0} KRW, above {limits.MaxOrderValueKrw:N0}");
        foreach (var l in s.Ledger.Where(l => l.Side == Side.Buy && l.Quantity * (l.LimitPrice ?? 0m) > limits.MaxOrderValueKrw))
            problems.Add($"ledger order {l.OrderId} is worth {l.Quantity * l.LimitPrice:N0} KRW, above {limits.MaxOrderValueKrw:N0}");
        // Weight: what was bought or is still bid per ticker, at order prices, against the account's equity. Only buys
        // happen (the rig never sells) and prices move well under 1% in a scenario: 2% of the limit is the allowance
        // for the engine judging holdings at the current price rather than at cost.
        var weightCap = s.Equity * limits.MaxTickerWeightPercent / 100m * 1.02m;
        foreach (var g in s.Broker.Where(b => b.Side == Side.Buy).GroupBy(b => b.Ticker))
        {
            var committed = g.Sum(b => (b.Filled + b.Remaining) * b.Price);
            if (committed > weightCap)
                problems.Add($"{g.Key}: {committed:N0} KRW bought or bid in {g.Count()} orders, {committed / s.Equity * 100m:0.##}% of equity {s.Equity:N0}, above the {limits.MaxTickerWeightPercent}% limit");
        }
        // Cash reserve: cash not spent or held for open bids, against equity (1% of equity for price moves).
        var reserve = s.Equity * limits.MinCashReservePercent / 100m;
        if (s.AvailableCash < reserve - s.Equity * 0.01m)
            problems.Add($"available cash {s.AvailableCash:N0} KRW is below the {limits.MinCashReservePercent}% reserve {reserve:N0}");

        Xunit.Assert.True(problems.Count == 0, "Not a safe state:\n" + string.Join("\n", problems)
            + "\nledger:\n" + string.Join("\n", s.Ledger.Select(l => $"  {l.OrderId[..8]} {l.Status} {l.Side} {l.Quantity} {l.Ticker} @ {l.LimitPrice:0} no={l.BrokerOrderNo} filled={l.FilledQuantity} {l.LastError}"))
            + "\nbroker:\n" + string.Join("\n", s.Broker.Select(b => $"  {b}")));
    }

    /// <summary>Ledger orders whose filled quantity is behind the broker's.</summary>
    public static async Task<List<LedgerOrder>> FillsBehindAsync(FaultRig rig)
    {
        var ledger = await LedgerTodayAsync(rig);
        var (broker, _, _) = Broker(rig.Simulator);
        return [.. ledger.Where(l => l.BrokerOrderNo is { } no && broker.FirstOrDefault(b => BrokerOrderNumbers.Same(b.OrderNo, no)) is { } b && b.Filled > l.FilledQuantity)];
    }

    public static async Task<IReadOnlyList<LedgerOrder>> LedgerTodayAsync(FaultRig rig)
    {
        var dayStart = KoreaTime.StartOfDay(DateTimeOffset.UtcNow);
        return await rig.App.Get<IOrderLedger>().ListAsync(dayStart, dayStart.AddDays(1));
    }

    /// <summary>Our account's new orders at the simulator (amendments and cancel rows are not orders of their own), its
    /// cash not held for open bids, and its equity at the last prices.</summary>
    public static (IReadOnlyList<BrokerRow> Orders, decimal AvailableCash, decimal Equity) Broker(SimulatorHost sim)
    {
        var x = sim.Exchange;
        lock (x.Gate)
        {
            var account = x.Accounts.Single(a => !a.Cano.StartsWith("__", StringComparison.Ordinal));
            var orders = x.Orders.Where(o => o.AccountKey == account.Key && o.Kind == KisTrader.Simulator.Accounts.SimOrderKind.New)
                .Select(o => new BrokerRow(o.Odno, o.Code, o.Side, o.Quantity, o.Price, o.FilledQuantity, o.Remaining)).ToList();
            var equity = account.Cash + account.Holdings.Values.Sum(h => h.Quantity * (x.Instrument(h.Code)?.Last ?? 0m));
            return (orders, x.AvailableCash(account), equity);
        }
    }
}
