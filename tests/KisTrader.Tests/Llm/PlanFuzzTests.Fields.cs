using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Market;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

public sealed partial class PlanFuzzTests
{
    internal static partial class PlanFuzzer
    {
        /// <summary>An order as raw JSON fragments, so any field can be replaced by anything.</summary>
        internal sealed class Fields
        {
            public readonly List<(string Name, string Raw)> Items;
            public readonly string Ticker;

            public Fields(string ticker, string side, long quantity, decimal? price, string justification = "RSI 45 turning up above the 20-day average.", string confidence = "0.7")
            {
                Ticker = ticker;
                Items =
                [
                    ("ticker", Str(ticker)), ("side", Str(side)), ("quantity", quantity.ToString(CultureInfo.InvariantCulture)),
                    ("price_type", Str(price is null ? "MARKET" : "LIMIT")),
                    ("limit_price", price?.ToString(CultureInfo.InvariantCulture) ?? "null"),
                    ("justification", Str(justification)), ("confidence", confidence),
                ];
            }

            public Fields Set(string name, string raw)
            {
                var i = Items.FindIndex(f => f.Name == name);
                if (i >= 0) Items[i] = (name, raw); else Items.Add((name, raw));
                return this;
            }

            public Fields Remove(string name) { Items.RemoveAll(f => f.Name == name); return this; }

            public string Json() => "{" + string.Join(",", Items.Select(f => $"{Str(f.Name)}:{f.Raw}")) + "}";
        }

        public static string Str(string s) => JsonSerializer.Serialize(s, Relaxed);

        private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

        private static string Plan(Random r, string[] orders, string? marketView = null, string? holdReason = null) =>
            $$"""{"orders":[{{string.Join(",", orders)}}],"market_view":{{Str(marketView ?? Pick(r, Views))}},"hold_reason":{{Str(holdReason ?? "")}}}""";

        private static readonly string[] Views = ["Calm market, semis leading.", "반도체 강세, 외국인 순매수.", "Mixed; KOSPI flat.", ""];

        private static decimal OnTick(Random r, Instrument i, int maxSteps) =>
            Math.Clamp(KrxRules.StepTicks(i.Price, r.Next(-maxSteps, maxSteps + 1), kind: i.Kind), i.Lower, i.Upper);

        /// <summary>A well-formed order that may or may not fit the risk limits.</summary>
        private static Fields Valid(Random r, string? ticker = null, string? side = null)
        {
            ticker ??= Pick(r, Tickers);
            var inst = Instruments[ticker];
            var held = Account.Find(ticker);
            side ??= held is not null && r.Next(3) == 0 ? "SELL" : "BUY";
            var limit = r.Next(10) < 7;
            long qty = side == "SELL"
                ? r.Next(1, (int)held!.SellableQuantity + 1)
                : r.Next(1, (int)(Limits.MaxOrderValueKrw * 1.3m / inst.Price) + 1);
            return new Fields(ticker, side, qty, limit ? OnTick(r, inst, 8) : null, confidence: (r.Next(0, 101) / 100m).ToString(CultureInfo.InvariantCulture));
        }

        private static string OtherTicker(Random r, string not) => Pick(r, Tickers.Where(t => t != not).ToList());

        /// <summary>The hostile order alone (nothing may pass) or with a valid order of another ticker (the hostile one may not pass).</summary>
        private static (string, bool, HashSet<string>) Alone(Random r, Fields bad)
        {
            if (r.Next(2) == 0) return (Plan(r, [bad.Json()]), true, [bad.Ticker]);
            var sibling = Valid(r, OtherTicker(r, bad.Ticker)).Json();
            return (Plan(r, r.Next(2) == 0 ? [bad.Json(), sibling] : [sibling, bad.Json()]), false, [bad.Ticker]);
        }
    }
}
