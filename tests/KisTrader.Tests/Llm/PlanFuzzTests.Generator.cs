using System.Text.Encodings.Web;
using System.Text.Json;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

public sealed partial class PlanFuzzTests
{
    /// <param name="MustPassNothing">The plan is malformed, steered or its only order is hostile: no order may pass.</param>
    /// <param name="Forbidden">Tickers whose order in this plan is hostile: none of them may pass.</param>
    internal sealed record FuzzCase(int Number, string Kind, string Raw, bool MustPassNothing, IReadOnlySet<string> Forbidden, int Context);

    /// <summary>The seeded generator of hostile and malformed plan answers: one case of each kind in turn, in the order of
    /// <see cref="Kinds"/>, all drawn from one <see cref="Random"/> so a seed always gives the same cases. The makers of the
    /// kinds are in PlanFuzzTests.OrderKinds.cs, .InjectionKinds.cs and .MalformedKinds.cs; their building blocks in
    /// PlanFuzzTests.Fields.cs.</summary>
    internal static partial class PlanFuzzer
    {
        private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private delegate (string Raw, bool MustPassNothing, HashSet<string> Forbidden) Maker(Random r);

        private static readonly (string Kind, Maker Make)[] Kinds =
        [
            ("valid-random", r => (Plan(r, Enumerable.Range(0, r.Next(0, 5)).Select(_ => Valid(r).Json()).ToArray()), false, [])),
            ("wrong-type", WrongType),
            ("quantity", BadQuantity),
            ("quantity-beyond-cash", BeyondCash),
            ("price", BadPrice),
            ("price-type", BadPriceType),
            ("ticker", BadTicker),
            ("duplicate", Duplicate),
            ("injection", Injection),
            ("injection-unrecognised", UnrecognisedInjection),
            ("truncated", Truncated),
            ("extra-field", ExtraField),
            ("missing-field", MissingField),
            ("nested-junk", NestedJunk),
            ("long-text", LongText),
            ("syntax", Syntax),
            ("sell", BadSell),
            ("confidence", BadConfidence),
            ("many-orders", ManyOrders),
            ("limit-probing", LimitProbing),
            ("control-chars", ControlChars),
        ];

        public static IReadOnlyList<FuzzCase> Generate(int seed, int count)
        {
            var r = new Random(seed);
            var cases = new List<FuzzCase>(count);
            for (var i = 0; i < count; i++)
            {
                var (kind, make) = Kinds[i % Kinds.Length];
                var (raw, nothing, forbidden) = make(r);
                cases.Add(new FuzzCase(i + 1, kind, raw, nothing, forbidden, r.Next(Contexts.Length)));
            }
            return cases;
        }
    }
}
