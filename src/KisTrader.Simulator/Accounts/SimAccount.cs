namespace KisTrader.Simulator.Accounts;

/// <summary>
/// A cash account (CANO + ACNT_PRDT_CD). Settlement simplification: cash moves at the fill (T+0),
/// so 예수금, D+1 and D+2 amounts are the same number.
/// </summary>
public sealed class SimAccount
{
    public string Cano { get; set; } = "";
    public string ProductCode { get; set; } = "01";
    public string Key => Cano + ProductCode;
    public string Name { get; set; } = "모의투자";
    public decimal Cash { get; set; }
    public Dictionary<string, SimHolding> Holdings { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Per-day flows for period profit and the 전일/금일 fields.</summary>
    public SortedDictionary<DateOnly, DayLedger> Days { get; set; } = [];

    public DayLedger Day(DateOnly date)
    {
        if (!Days.TryGetValue(date, out var d)) Days[date] = d = new DayLedger();
        return d;
    }
}

public sealed class SimHolding
{
    public string Code { get; set; } = "";
    public long Quantity { get; set; }
    /// <summary>Cost of the shares held (fees excluded), so pchs_avg_pric = PurchaseAmount / Quantity.</summary>
    public decimal PurchaseAmount { get; set; }
    /// <summary>Buy commission of the shares held, charged to realised P&amp;L when they are sold (KIS_API.md §9).</summary>
    public decimal PurchaseFee { get; set; }
    /// <summary>Date the Today* counters belong to.</summary>
    public DateOnly FlowDate { get; set; }
    public long TodayBuyQuantity { get; set; }
    public long TodaySellQuantity { get; set; }
    public long PreviousBuyQuantity { get; set; }
    public long PreviousSellQuantity { get; set; }

    public void Touch(DateOnly today)
    {
        if (FlowDate == today) return;
        PreviousBuyQuantity = TodayBuyQuantity;
        PreviousSellQuantity = TodaySellQuantity;
        TodayBuyQuantity = TodaySellQuantity = 0;
        FlowDate = today;
    }
}

/// <summary>The totals of a day's fills (an account's, or one stock's): what the daily-profit and period-profit
/// inquiries add up. The property names are the state file's.</summary>
public abstract class TradeTotals
{
    public decimal BuyAmount { get; set; }
    public decimal SellAmount { get; set; }
    public long BuyQuantity { get; set; }
    public long SellQuantity { get; set; }
    public decimal BuyFee { get; set; }
    public decimal SellFee { get; set; }
    public decimal Tax { get; set; }
    /// <summary>Sell amount − average cost − the buy and sell commissions − tax (KIS_API.md §9).</summary>
    public decimal RealizedPnl { get; set; }
    /// <summary>Average cost of what was sold (for the profit rate).</summary>
    public decimal SoldCost { get; set; }

    public void AddBuy(decimal amount, long quantity, decimal fee)
    {
        BuyAmount += amount;
        BuyQuantity += quantity;
        BuyFee += fee;
    }

    /// <param name="cost">The average cost of the shares sold.</param>
    /// <param name="buyFee">The share of the buy commissions those shares carry.</param>
    public void AddSell(decimal amount, long quantity, decimal fee, decimal tax, decimal cost, decimal buyFee)
    {
        SellAmount += amount;
        SellQuantity += quantity;
        SellFee += fee;
        Tax += tax;
        // §9: realised P&L = sell amount − buy amount − commissions (both sides) − tax.
        RealizedPnl += amount - cost - buyFee - fee - tax;
        SoldCost += cost;
    }
}

public sealed class DayLedger : TradeTotals
{
    /// <summary>The same day by stock code, for the per-stock period trade profit (TTTC8715R).</summary>
    public Dictionary<string, StockDayLedger> Stocks { get; set; } = new(StringComparer.Ordinal);

    public StockDayLedger Stock(string code)
    {
        if (!Stocks.TryGetValue(code, out var s)) Stocks[code] = s = new StockDayLedger();
        return s;
    }
}

/// <summary>One stock's trading on one day: the <see cref="DayLedger"/> totals by code, and the quantity held after it.</summary>
public sealed class StockDayLedger : TradeTotals
{
    public long HeldAfter { get; set; }
}
