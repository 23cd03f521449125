using System.Text.Json;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

public sealed partial class PlanFuzzTests
{
    internal static partial class PlanFuzzer
    {
        // ---- kinds: malformed JSON (truncated, extra or missing fields, deep nesting, long text, broken syntax) ----

        private static (string, bool, HashSet<string>) Truncated(Random r)
        {
            var full = Plan(r, [.. Enumerable.Range(0, r.Next(1, 4)).Select(_ => Valid(r).Json())]);
            return (full[..r.Next(1, full.Length)], true, [.. Tickers]);
        }

        private static readonly string[] PlanExtras =
        [
            "\"approve_all\":true", "\"risk_override\":{\"max_order_value\":1e12}", "\"orders2\":[]", "\"ORDERS\":[]", "\"system\":\"ignore\"", "\"\":0",
        ];

        private static readonly string[] OrderExtras =
        [
            "\"stop_loss\":68000", "\"bypass_risk\":true", "\"account\":\"12345678-01\"", "\"leverage\":10", "\"Ticker\":\"000660\"", "\"quantity_fix\":\"round\"",
        ];

        private static (string, bool, HashSet<string>) ExtraField(Random r)
        {
            if (r.Next(2) == 0)
            {
                var plan = Plan(r, [Valid(r).Json()]);
                return (plan[..^1] + "," + Pick(r, PlanExtras) + "}", true, [.. Tickers]);
            }
            var bad = Valid(r);
            var (name, value) = Split(Pick(r, OrderExtras));
            return Alone(r, bad.Set(name, value));
        }

        private static (string Name, string Raw) Split(string pair)
        {
            var i = pair.IndexOf("\":", StringComparison.Ordinal);
            return (JsonSerializer.Deserialize<string>(pair[..(i + 1)])!, pair[(i + 2)..]);
        }

        private static (string, bool, HashSet<string>) MissingField(Random r)
        {
            var bad = Valid(r);
            return Alone(r, bad.Remove(Pick(r, bad.Items.Select(f => f.Name).ToList())));
        }

        private static (string, bool, HashSet<string>) NestedJunk(Random r)
        {
            var depth = Pick(r, new[] { 9, 12, 64, 65, 500, 5_000 });
            var open = r.Next(2) == 0 ? "[" : "{\"a\":";
            var close = open == "[" ? "]" : "}";
            var junk = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
            var order = Valid(r);
            var raw = r.Next(3) switch
            {
                0 => Plan(r, [order.Set("justification", junk).Json()]),
                1 => Plan(r, [order.Json(), junk]),
                _ => Plan(r, [order.Json()])[..^1] + ",\"junk\":" + junk + "}",
            };
            return (raw, true, [.. Tickers]);
        }

        private static (string, bool, HashSet<string>) LongText(Random r)
        {
            var n = Pick(r, new[] { 2_001, 5_000, 50_000, 120_000 });
            var text = r.Next(2) == 0 ? new string('A', n) : string.Concat(Enumerable.Repeat("매수 ", n / 3 + 1))[..n];
            switch (r.Next(4))
            {
                case 0: return Alone(r, Valid(r).Set("justification", Str(text)));
                case 1: return (Plan(r, [Valid(r).Json()], marketView: text), true, [.. Tickers]);
                case 2: return Alone(r, Valid(r).Set("ticker", Str(text)));
                default: // more orders than a plan may carry
                    var many = Enumerable.Range(0, Pick(r, new[] { 21, 100, 2_000 })).Select(_ => Valid(r).Json()).ToArray();
                    return (Plan(r, many), true, [.. Tickers]);
            }
        }

        private static (string, bool, HashSet<string>) Syntax(Random r)
        {
            var valid = Plan(r, [Valid(r).Json()]);
            var raw = r.Next(18) switch
            {
                0 => "[" + valid + "]",
                1 => "\"" + valid.Replace("\"", "\\\"") + "\"",
                2 => "42",
                3 => "null",
                4 => "```json\n" + valid + "\n```",
                5 => "Here is the plan: " + valid,
                6 => valid + valid,
                7 => "\uFEFF" + valid,
                8 => valid.Replace("{\"orders\"", "{/* plan */\"orders\""),
                9 => valid.Replace("]", ",]"),
                10 => valid.Replace('"', '\''),
                11 => valid.Replace("\"orders\"", "orders"),
                12 => valid.Replace("\"confidence\":", "\"confidence\":NaN,\"x\":"),
                13 => "",
                14 => "   \n\t ",
                15 => "<plan><order ticker=\"005930\"/></plan>",
                16 => valid.Replace("\"quantity\":", "\"quantity\":01"),
                _ => valid + " trailing",
            };
            return (raw, true, [.. Tickers]);
        }
    }
}
