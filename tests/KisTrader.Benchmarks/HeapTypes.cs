using Microsoft.Diagnostics.Runtime;

namespace KisTrader.Benchmarks;

/// <summary>The live objects of this process by type (count and bytes), from a snapshot of it read with ClrMD (a
/// dependency of BenchmarkDotNet): what the soak compares between two sessions to find what grows. Slow (a core dump of
/// the process by the runtime's createdump, 20–30 s and a 600 MB temporary file each), so only on request
/// (SOAK_HEAP_TYPES=1). A diagnostic, not a measurement: on 2026-12-07 the process crashed (SIGSEGV) after the third
/// snapshot in one process; the first comparison came through.
/// <para>Live means reachable from a GC root in the snapshot: the app keeps running between the forced GC and the dump,
/// and a walk of the heap's segments also meets the garbage it allocated meanwhile (on 2026-12-07 thousands of a
/// simulator chart request's temporaries, which looked like growth). Each live object's type is also counted under the
/// type of the object it was first reached from (<see cref="Snapshot.HeldBy"/>), to tell what holds a type that grew.</para></summary>
public static class HeapTypes
{
    public static bool Requested => Environment.GetEnvironmentVariable("SOAK_HEAP_TYPES") == "1";

    /// <param name="Types">Live objects by type name.</param>
    /// <param name="HeldBy">Live objects by (type, type of the object they were first reached from; "root" for a root).</param>
    public sealed record Snapshot(Dictionary<string, (long Count, long Bytes)> Types, Dictionary<(string Type, string Holder), (long Count, long Bytes)> HeldBy);

    public static Snapshot Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var target = DataTarget.CreateSnapshotAndAttach(Environment.ProcessId);
        using var runtime = target.ClrVersions[0].CreateRuntime();
        var heap = runtime.Heap;
        var types = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        var heldBy = new Dictionary<(string, string), (long Count, long Bytes)>();
        var seen = new HashSet<ulong>();
        var stack = new Stack<(ClrObject Obj, string Holder)>();
        foreach (var root in heap.EnumerateRoots())
            if (root.Object.IsValid) stack.Push((root.Object, "root"));
        while (stack.Count > 0)
        {
            var (obj, holder) = stack.Pop();
            if (!obj.IsValid || obj.IsFree || !seen.Add(obj.Address)) continue;
            var name = obj.Type?.Name ?? "?";
            Add(types, name, (long)obj.Size);
            Add(heldBy, (name, holder), (long)obj.Size);
            foreach (var child in obj.EnumerateReferences(carefully: true, considerDependantHandles: true))
                if (!seen.Contains(child.Address)) stack.Push((child, name));
        }
        return new Snapshot(types, heldBy);
    }

    private static void Add<TKey>(Dictionary<TKey, (long Count, long Bytes)> d, TKey key, long bytes) where TKey : notnull
    {
        var (count, total) = d.GetValueOrDefault(key);
        d[key] = (count + 1, total + bytes);
    }

    /// <summary>The types that grew most in bytes from <paramref name="before"/> to <paramref name="after"/>, each with
    /// the holders whose share of it grew most.</summary>
    public static IEnumerable<string> Growth(Snapshot before, Snapshot after, int top)
    {
        foreach (var t in after.Types.Select(a => (Name: a.Key, After: a.Value, Before: before.Types.GetValueOrDefault(a.Key)))
                     .OrderByDescending(t => t.After.Bytes - t.Before.Bytes).Take(top))
        {
            var holders = after.HeldBy.Where(h => h.Key.Type == t.Name)
                .Select(h => (h.Key.Holder, Grew: h.Value.Bytes - before.HeldBy.GetValueOrDefault(h.Key).Bytes, Objects: h.Value.Count - before.HeldBy.GetValueOrDefault(h.Key).Count))
                .Where(h => h.Grew > 0).OrderByDescending(h => h.Grew).Take(3)
                .Select(h => $"{h.Holder} {h.Grew:+#,0} B/{h.Objects:+#,0;-#,0}");
            yield return $"{t.After.Bytes - t.Before.Bytes,12:+#,0;-#,0} B {t.After.Count - t.Before.Count,9:+#,0;-#,0} objects  {t.Name}  (held by: {string.Join("; ", holders)})";
        }
    }
}
