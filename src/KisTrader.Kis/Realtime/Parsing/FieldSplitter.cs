using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>Finds the '^'-separated fields of a payload in one pass: 16 (or 8) characters compared at a time, a bit per
/// separator. A record has ~46 short fields, so one <c>IndexOf</c> per field cost more in call overhead than in
/// searching (issue 18, goal 1: docs/benchmarks.md, fifth round).</summary>
internal static class FieldSplitter
{
    /// <summary>Writes the start of every field of <paramref name="span"/> (offset by <paramref name="offset"/>) and,
    /// after the last, one past the payload's end + 1 (as if a separator followed) into <paramref name="starts"/>, which
    /// must hold <c>span.Length + 2</c> entries. Returns the number of fields.</summary>
    public static int Starts(ReadOnlySpan<char> span, int offset, Span<int> starts)
    {
        if (Vector256.IsHardwareAccelerated)
            return StartsVector256(span, offset, starts);
        if (Vector128.IsHardwareAccelerated)
            return StartsVector128(span, offset, starts);
        return StartsScalar(span, offset, starts);
    }

    internal static int StartsScalar(ReadOnlySpan<char> span, int offset, Span<int> starts)
    {
        CheckRoom(span, starts);
        var n = 0;
        starts[n++] = offset;
        return Tail(span, 0, offset, starts, n);
    }

    internal static int StartsVector256(ReadOnlySpan<char> span, int offset, Span<int> starts)
    {
        CheckRoom(span, starts);
        var n = 0;
        starts[n++] = offset;
        ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(span));
        var caret = Vector256.Create((ushort)'^');
        var i = 0;
        for (; i <= span.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
        {
            var mask = Vector256.Equals(Vector256.LoadUnsafe(ref chars, (nuint)i), caret).ExtractMostSignificantBits();
            for (; mask != 0; mask &= mask - 1)
                starts[n++] = offset + i + BitOperations.TrailingZeroCount(mask) + 1;
        }
        return Tail(span, i, offset, starts, n);
    }

    internal static int StartsVector128(ReadOnlySpan<char> span, int offset, Span<int> starts)
    {
        CheckRoom(span, starts);
        var n = 0;
        starts[n++] = offset;
        ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(span));
        var caret = Vector128.Create((ushort)'^');
        var i = 0;
        for (; i <= span.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
        {
            var mask = Vector128.Equals(Vector128.LoadUnsafe(ref chars, (nuint)i), caret).ExtractMostSignificantBits();
            for (; mask != 0; mask &= mask - 1)
                starts[n++] = offset + i + BitOperations.TrailingZeroCount(mask) + 1;
        }
        return Tail(span, i, offset, starts, n);
    }

    /// <summary>The characters from <paramref name="i"/> one by one, then the end entry.</summary>
    private static int Tail(ReadOnlySpan<char> span, int i, int offset, Span<int> starts, int n)
    {
        for (; i < span.Length; i++)
            if (span[i] == '^')
                starts[n++] = offset + i + 1;
        starts[n] = offset + span.Length + 1;
        return n;
    }

    // The vector loops read span[i, i + width) without bounds checks (only while i + width <= Length), and write at
    // most one start per character plus the first and the end entry.
    private static void CheckRoom(ReadOnlySpan<char> span, Span<int> starts)
    {
        if (starts.Length < span.Length + 2)
            throw new ArgumentException($"room for {span.Length + 2} starts needed, {starts.Length} given", nameof(starts));
    }
}
