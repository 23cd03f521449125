using Microsoft.Diagnostics.Runtime;

namespace KisTrader.Benchmarks;

/// <summary>The live objects of this process by type (count and bytes), from a snapshot of it read with ClrMD (a
/// dependency of BenchmarkDotNet): what the soak compares between two sessions to find what grows. Slow (a core dump of
/// the process by the runtime's createdump, 20–30 s and a 600 MB temporary file each), so only on request
/// (SOAK_HEAP_TYPES=1). A diagnostic, not a measurement: on 2026-12-07 the process crashed (SIGSEGV) after the third
/// snapshot in one process; the first comparison came through.</summary>
public static class HeapTypes
{
    public static bool Requested => Environment.GetEnvironmentVariable("SOAK_HEAP_TYPES") == "1";

    public static Dictionary<string, (long Count, long Bytes)> Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var target = DataTarget.CreateSnapshotAndAttach(Environment.ProcessId);
        using var runtime = target.ClrVersions[0].CreateRuntime();
        var types = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        foreach (var obj in runtime.Heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.IsFree) continue;
            var name = obj.Type?.Name ?? "?";
            var (count, bytes) = types.GetValueOrDefault(name);
            types[name] = (count + 1, bytes + (long)obj.Size);
        }
        return types;
    }

    /// <summary>The types that grew most in bytes from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IEnumerable<string> Growth(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int top) =>
        after.Select(a => (Name: a.Key, After: a.Value, Before: before.GetValueOrDefault(a.Key)))
            .OrderByDescending(t => t.After.Bytes - t.Before.Bytes).Take(top)
            .Select(t => $"{t.After.Bytes - t.Before.Bytes,12:+#,0;-#,0} B {t.After.Count - t.Before.Count,9:+#,0;-#,0} objects  {t.Name}");
}
