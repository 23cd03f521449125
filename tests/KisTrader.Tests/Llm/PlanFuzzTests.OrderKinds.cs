using System.Globalization;
using KisTrader.Core.Market;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

public sealed partial class PlanFuzzTests
{
    internal static partial class PlanFuzzer
    {
        // ---- kinds: orders that are ill-typed, out of range, duplicated or at the edges of the limits ----

        private static readonly Dictionary<string, string[]> WrongTypes = new()
        {
            ["ticker"] = ["5930", "null", "true", """["005930"]""", """{"code":"005930"}"""],
            ["side"] = ["1", "null", """["BUY"]""", "true", "\"BUYY\"", "\"B\"", "\"매수\"", "\"LONG\"", "\"\""],
            ["quantity"] = ["\"10\"", "\"ten\"", "null", "true", "[10]", """{"n":10}"""],
            ["price_type"] = ["1", "null", "\"STOP\"", "\"LIMIT_ORDER\"", "[\"LIMIT\"]"],
            ["limit_price"] = ["\"71000\"", "\"71,000\"", "true", "[71000]", """{"krw":71000}"""],
            ["justification"] = ["42", "null", "[]", """{"a":1}""", "false"],
            ["confidence"] = ["\"high\"", "null", "\"0.7\"", "true", "[0.7]"],
        };

        private static (string, bool, HashSet<string>) WrongType(Random r)
        {
            var field = Pick(r, WrongTypes.Keys.ToList());
            var bad = Valid(r, side: "BUY").Set("price_type", "\"LIMIT\"");
            if (bad.Items.First(f => f.Name == "limit_price").Raw == "null") bad.Set("limit_price", Instruments[bad.Ticker].Price.ToString(CultureInfo.InvariantCulture));
            return Alone(r, bad.Set(field, Pick(r, WrongTypes[field])));
        }

        private static readonly string[] BadQuantities =
        [
            "0", "-1", "-10", "-0", "0.5", "10.5", "1e2", "1E+2", "10.0", "1000001", "999999999999", "9223372036854775807",
            "9223372036854775808", "1e400", "100000000000000000000000000000", "-9223372036854775808", "1.0e1",
        ];

        private static (string, bool, HashSet<string>) BadQuantity(Random r) => Alone(r, Valid(r).Set("quantity", Pick(r, BadQuantities)));

        /// <summary>Buys that are each plausible but together (or alone) exceed the cash or the equity.</summary>
        private static (string, bool, HashSet<string>) BeyondCash(Random r)
        {
            switch (r.Next(3))
            {
                case 0: // one buy worth more than the equity
                    return Alone(r, new Fields(Hynix, "BUY", r.Next(150, 5_000), 180_000m));
                case 1: // several buys summing beyond the cash: the guard drops every buy
                    var orders = new[] { Hynix, Samsung, Kakao, Kodex }.Select(t => new Fields(t, "BUY", (long)(6_000_000m / Instruments[t].Price) + r.Next(0, 20), Instruments[t].Price).Json()).ToArray();
                    return (Plan(r, orders), true, [.. Tickers]);
                default: // within the cash, but not within the reserve, the value cap or the weight: the risk engine decides
                    var some = Enumerable.Range(0, r.Next(2, 5)).Select(i => new Fields(Tickers[i], "BUY", (long)(r.Next(3_000_000, 5_500_000) / Instruments[Tickers[i]].Price), Instruments[Tickers[i]].Price).Json()).ToArray();
                    return (Plan(r, some), false, []);
            }
        }

        private static (string, bool, HashSet<string>) BadPrice(Random r)
        {
            var inst = Instruments[Pick(r, Tickers)];
            var tick = inst.Kind == InstrumentKind.Etf ? KrxRules.EtfTick : KrxRules.TickSize(inst.Price);
            var price = r.Next(13) switch
            {
                12 => inst.Price.ToString(CultureInfo.InvariantCulture) + ".000000000000000000000001",   // beyond decimal's precision
                0 => (inst.Price + tick / 2).ToString(CultureInfo.InvariantCulture),
                1 => (inst.Price + 1).ToString(CultureInfo.InvariantCulture),
                2 => KrxRules.StepTicks(inst.Upper, 1, kind: inst.Kind).ToString(CultureInfo.InvariantCulture),
                3 => KrxRules.StepTicks(inst.Lower, -1, kind: inst.Kind).ToString(CultureInfo.InvariantCulture),
                4 => "0",
                5 => (-inst.Price).ToString(CultureInfo.InvariantCulture),
                6 => inst.Price.ToString(CultureInfo.InvariantCulture) + ".5",
                7 => "1e28",
                8 => "7000000000000000000000000000",
                9 => "1e30",
                10 => (inst.Upper * 10).ToString(CultureInfo.InvariantCulture),
                _ => (inst.Lower / 10).ToString(CultureInfo.InvariantCulture),
            };
            var qty = r.Next(2) == 0 ? r.Next(1, 20) : Pick(r, new[] { 1_000, 100_000, 1_000_000 });
            return Alone(r, new Fields(inst.Ticker, "BUY", qty, inst.Price).Set("limit_price", price));
        }

        private static (string, bool, HashSet<string>) BadPriceType(Random r)
        {
            var inst = Instruments[Pick(r, Tickers)];
            var p = inst.Price.ToString(CultureInfo.InvariantCulture);
            var (type, price) = r.Next(8) switch
            {
                0 => ("\"MARKET\"", p),             // a market order with a price
                1 => ("\"MARKET\"", "0"),
                2 => ("\"LIMIT\"", "null"),         // a limit order without one
                3 => ("\"STOP_LIMIT\"", p),
                4 => ("\"CONDITIONAL_LIMIT\"", p),
                5 => ("\"\"", p),
                6 => ("\"MARKET \"", "null"),
                _ => ("\"limit\"", "null"),
            };
            return Alone(r, new Fields(inst.Ticker, "BUY", r.Next(1, 10), inst.Price).Set("price_type", type).Set("limit_price", price));
        }

        private static readonly string[] BadTickers =
        [
            "999999", "AAPL", "samsung", "A005930", " 005930", "005930 ", "5930", "００５９３０", "005\u200B930", "005930\u0000",
            "0059301", "", "*", "005930,000660", "../005930", "005930' OR '1'='1", "삼성전자", "KRX:005930", "0x5930",
        ];

        private static (string, bool, HashSet<string>) BadTicker(Random r)
        {
            var bad = Valid(r, Samsung, "BUY").Set("ticker", Str(Pick(r, BadTickers)));
            // Samsung stays forbidden: a near-miss ticker must not be "corrected" to 005930.
            if (r.Next(2) == 0) return (Plan(r, [bad.Json()]), true, [Samsung]);
            return (Plan(r, [bad.Json(), Valid(r, OtherTicker(r, Samsung)).Json()]), false, [Samsung]);
        }

        private static (string, bool, HashSet<string>) Duplicate(Random r)
        {
            var ticker = Pick(r, new[] { Samsung, Kakao });
            var a = Valid(r, ticker, "BUY");
            var orders = r.Next(4) switch
            {
                0 => new[] { a.Json(), a.Json() },                                      // the same order twice
                1 => new[] { a.Json(), Valid(r, ticker, "SELL").Json() },               // both sides of one ticker
                2 => new[] { a.Json(), Valid(r, ticker, "BUY").Json(), a.Json() },      // same side, other sizes
                _ => new[] { a.Json().Replace("\"quantity\":", "\"quantity\":1,\"quantity\":") },  // a duplicated property
            };
            var list = orders.ToList();
            var withSibling = r.Next(2) == 0;
            if (withSibling) list.Insert(r.Next(list.Count + 1), Valid(r, Pick(r, new[] { Hynix, Kodex })).Json());
            return (Plan(r, [.. list]), !withSibling, [ticker]);
        }

        private static (string, bool, HashSet<string>) BadSell(Random r)
        {
            var bad = r.Next(5) switch
            {
                0 => new Fields(Kakao, "SELL", 31, null),                  // 40 held, 30 sellable
                1 => new Fields(Kakao, "SELL", 40, 41_000m),
                2 => new Fields(Hynix, "SELL", r.Next(1, 10), 180_000m),    // not held
                3 => new Fields(Samsung, "SELL", 61, null),                 // more than held
                _ => new Fields(Kodex, "SELL", 1, null),
            };
            return Alone(r, bad);
        }

        private static (string, bool, HashSet<string>) BadConfidence(Random r) =>
            Alone(r, Valid(r).Set("confidence", Pick(r, new[] { "1.5", "-0.1", "1e308", "-1e-3", "100", "1.0000000001" })));

        private static (string, bool, HashSet<string>) ManyOrders(Random r) =>
            (Plan(r, [.. Enumerable.Range(0, r.Next(5, 21)).Select(_ => Valid(r).Json())]), false, []);

        /// <summary>Well-formed buys at the edges of the risk limits: the guard passes them, the risk engine must decide.</summary>
        private static (string, bool, HashSet<string>) LimitProbing(Random r)
        {
            var order = r.Next(6) switch
            {
                0 => new Fields(Hynix, "BUY", 27, 180_000m),      // 4,860,000: within the value cap
                1 => new Fields(Hynix, "BUY", 28, 180_000m),      // 5,040,000: above it
                2 => new Fields(Samsung, "BUY", 12, 71_000m),     // 4,260,000 + 852,000 = 19.74% weight
                3 => new Fields(Samsung, "BUY", 13, 71_000m),     // 20.0% + a little: above the cap
                4 => new Fields(Kodex, "BUY", 109, null),         // market: 109 × 45,500 upper = 4,959,500
                _ => new Fields(Kodex, "BUY", 110, null),         // 5,005,000 at the upper limit
            };
            return (Plan(r, [order.Json()]), false, []);
        }
    }
}
