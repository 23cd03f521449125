using System.Text;
using KisTrader.Kis.Realtime.Parsing;

namespace KisTrader.Tests.Kis.Realtime;

/// <summary>The one-pass field split (vector and scalar) against <c>string.Split('^')</c> over seeded random payloads:
/// empty and blank fields, "(null)", trailing '^', several records, lengths either side of the vector widths.</summary>
public sealed class FieldSplitterTests
{
    private delegate int Split(ReadOnlySpan<char> span, int offset, Span<int> starts);

    public static TheoryData<string> Variants => ["scalar", "vector128", "vector256", "dispatch"];

    private static Split Variant(string name) => name switch
    {
        "scalar" => FieldSplitter.StartsScalar,
        "vector128" => FieldSplitter.StartsVector128,
        "vector256" => FieldSplitter.StartsVector256,
        _ => FieldSplitter.Starts,
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Starts_OfRandomPayloads_GiveTheFieldsStringSplitGives(string variant)
    {
        var split = Variant(variant);
        var random = new Random(1818);
        for (var n = 0; n < 3000; n++)
        {
            var payload = RandomPayload(random, maxLength: n < 300 ? n / 4 : 700);
            var prefix = new string('|', random.Next(0, 5)); // an offset into a larger text, as a frame's header gives
            var text = prefix + payload + (random.Next(2) == 0 ? "" : "\r\n");
            var starts = new int[payload.Length + 2 + random.Next(0, 3)];

            var fields = split(text.AsSpan(prefix.Length, payload.Length), prefix.Length, starts);

            var expected = payload.Split('^');
            Assert.Equal(expected.Length, fields);
            for (var f = 0; f < fields; f++)
                Assert.Equal(expected[f], text[starts[f]..(starts[f + 1] - 1)]);
            Assert.Equal(prefix.Length + payload.Length + 1, starts[fields]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Starts_WithLessRoomThanLengthPlusTwo_Throws(string variant) =>
        Assert.Throws<ArgumentException>(() => Variant(variant)("a^b".AsSpan(), 0, new int[4]));

    [Fact]
    public void SplitRecords_OfRandomPayloads_ReadsEveryFieldAsSplitAndTrimDo()
    {
        var random = new Random(2026);
        for (var n = 0; n < 1000; n++)
        {
            var perRecord = random.Next(1, 50);
            var count = random.Next(1, 11);
            var fields = Enumerable.Range(0, perRecord * count).Select(_ => RandomField(random)).ToArray();
            var payload = string.Join('^', fields) + (random.Next(4) == 0 ? "^" : "");

            var records = RealtimeFrameParser.SplitRecords("T", payload, count, perRecord);

            for (var r = 0; r < count; r++)
                for (var f = 0; f < perRecord; f++)
                {
                    var raw = fields[r * perRecord + f];
                    Assert.Equal(raw, records[r][f]);
                    // The reference reading of a field: missing (empty, blank, "(null)") as null, else trimmed.
                    var expected = FieldRecord.IsMissing(raw) ? null : raw.Trim();
                    Assert.Equal(expected, records[r].Text(f));
                }
        }
    }

    private static readonly string[] Pieces =
        ["", " ", "  ", "\t", "\u00A0", "\u3000", "(null)", "(", ")", "0", "12345", "-3.50", "Y", "N", "abc", "é", "가"];

    private static string RandomField(Random random)
    {
        var field = new StringBuilder();
        for (var k = random.Next(0, 4); k > 0; k--)
            field.Append(Pieces[random.Next(Pieces.Length)]);
        return field.ToString();
    }

    private static string RandomPayload(Random random, int maxLength)
    {
        var payload = new StringBuilder();
        var length = random.Next(0, maxLength + 1);
        while (payload.Length < length)
            payload.Append(random.Next(4) == 0 ? "^" : RandomField(random));
        return payload.ToString(0, length);
    }
}
