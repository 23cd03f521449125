using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Market;
using KisTrader.Simulator.Rest;

namespace KisTrader.Simulator.Realtime;

/// <summary>Realtime records laid out field by field (KIS_API.md §6.6–6.8).</summary>
public static class FrameFormatter
{
    public const int TradeFieldCount = 46;
    public const int BookFieldCount = 59;

    /// <summary>A data frame: enc|TR_ID|NNN|payload, records concatenated with ^.</summary>
    public static string Frame(bool encrypted, string trId, int count, string payload) => $"{(encrypted ? '1' : '0')}|{trId}|{count:D3}|{payload}";

    /// <summary>H0STCNT0: 46 fields.</summary>
    public static string Trade(InstrumentState s, TradePrint p, decimal bestAsk, decimal bestBid, long askQty1, long bidQty1, long totalAsk, long totalBid)
    {
        var t = p.Time.ToKst();
        var prevVolume = s.PreviousDay?.Volume ?? 0;
        var f = new string[TradeFieldCount];
        f[0] = s.Code; f[1] = t.ToString("HHmmss"); f[2] = Kj.W(p.Price); f[3] = s.Sign(p.Price); f[4] = Kj.W(p.Price - s.BasePrice);
        f[5] = Kj.R2(s.ChangeRate(p.Price));
        f[6] = (p.AccumulatedVolume == 0 ? p.Price : p.AccumulatedAmount / p.AccumulatedVolume).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        f[7] = Kj.W(s.Open); f[8] = Kj.W(s.High); f[9] = Kj.W(s.Low); f[10] = Kj.W(bestAsk); f[11] = Kj.W(bestBid);
        f[12] = Kj.N(p.Quantity); f[13] = Kj.N(p.AccumulatedVolume); f[14] = Kj.W(p.AccumulatedAmount);
        f[15] = Kj.N(s.SellCount); f[16] = Kj.N(s.BuyCount); f[17] = Kj.N(s.BuyCount - s.SellCount); f[18] = Kj.R2(p.Strength);
        f[19] = Kj.N(s.SellVolume); f[20] = Kj.N(s.BuyVolume); f[21] = p.Aggressor == Side.Buy ? "1" : "5";
        f[22] = Kj.Pct(s.BuyVolume, s.BuyVolume + s.SellVolume); f[23] = prevVolume == 0 ? "0.00" : Kj.Pct(p.AccumulatedVolume, prevVolume);
        f[24] = s.OpenTime; f[25] = Sign(p.Price, s.Open); f[26] = Kj.W(p.Price - s.Open);
        f[27] = s.HighTime; f[28] = Sign(p.Price, s.High); f[29] = Kj.W(p.Price - s.High);
        f[30] = s.LowTime; f[31] = Sign(p.Price, s.Low); f[32] = Kj.W(p.Price - s.Low);
        f[33] = Kj.Date(s.TradingDate); f[34] = "20"; f[35] = "N"; f[36] = Kj.N(askQty1); f[37] = Kj.N(bidQty1);
        f[38] = Kj.N(totalAsk); f[39] = Kj.N(totalBid); f[40] = Kj.R2(p.AccumulatedVolume * 100m / Math.Max(1, s.Definition.ListedShares));
        f[41] = Kj.N(prevVolume); f[42] = prevVolume == 0 ? "0.00" : Kj.Pct(p.AccumulatedVolume, prevVolume); f[43] = "0"; f[44] = "";
        f[45] = Kj.W(s.BasePrice);
        return string.Join('^', f);
    }

    private static string Sign(decimal price, decimal reference) => price > reference ? "2" : price < reference ? "5" : "3";

    /// <summary>H0STASP0: 59 fields.</summary>
    public static string Book(InstrumentState s, DateTimeOffset now, IReadOnlyList<(decimal Price, long Quantity)> bids, IReadOnlyList<(decimal Price, long Quantity)> asks)
    {
        var f = new string[BookFieldCount];
        f[0] = s.Code; f[1] = now.ToKst().ToString("HHmmss"); f[2] = "0";
        for (var k = 0; k < 10; k++)
        {
            f[3 + k] = Kj.W(k < asks.Count ? asks[k].Price : 0);
            f[13 + k] = Kj.W(k < bids.Count ? bids[k].Price : 0);
            f[23 + k] = Kj.N(k < asks.Count ? asks[k].Quantity : 0);
            f[33 + k] = Kj.N(k < bids.Count ? bids[k].Quantity : 0);
        }
        f[43] = Kj.N(asks.Sum(a => a.Quantity)); f[44] = Kj.N(bids.Sum(b => b.Quantity)); f[45] = "0"; f[46] = "0";
        // Expected-price fields are populated only during call auctions; the simulator trades continuously.
        f[47] = "0"; f[48] = "0"; f[49] = "0"; f[50] = "0"; f[51] = "3"; f[52] = "0.00";
        f[53] = Kj.N(s.Volume); f[54] = "0"; f[55] = "0"; f[56] = "0"; f[57] = "0"; f[58] = "";
        return string.Join('^', f);
    }

    /// <summary>H0STCNI0/H0STCNI9: 26 fields (current) or 23 (legacy). For order notices slots 9/10 carry the order quantity/price.</summary>
    public static string Notice(NoticeEvent n, string htsId, int fieldCount)
    {
        var fill = n.Type == NoticeType.Filled;
        var rctf = n.Type switch { NoticeType.Amended => "1", NoticeType.Cancelled => "2", _ => "0" };
        var acpt = n.Type switch { NoticeType.Amended or NoticeType.Cancelled => "2", NoticeType.ExchangeCancelled => "3", _ => "1" };
        var cond = n.OrderDivision is "11" or "13" ? "1" : n.OrderDivision is "12" or "14" ? "2" : "0";
        string[] head =
        [
            htsId, n.AccountKey, n.Odno, n.OriginalOdno, n.Side == Side.Sell ? "01" : "02", rctf, n.OrderDivision, cond, n.Code,
            n.Quantity.ToString("D10"), Kj.W(n.Price).PadLeft(9, '0'), n.Time.ToKst().ToString("HHmmss"),
            n.Type == NoticeType.Refused ? "1" : "0", fill ? "2" : "1", acpt, "00950", n.OrderQuantity.ToString("D10"),
        ];
        string[] tail = fieldCount == 23
            ? [n.AccountName, n.Name, "", "", n.Name, Kj.W(n.OrderPrice).PadLeft(9, '0')]
            : [n.AccountName, "0", "1", "N", "", "", "", n.Name, Kj.W(n.OrderPrice).PadLeft(9, '0')];
        return string.Join('^', head.Concat(tail));
    }
}
