using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>docs/benchmarks.md: one section per benchmark, replaced by its latest run, the others kept.</summary>
public static partial class BenchmarkReport
{
    private const string Header = "# Benchmarks\n\nWritten by `./bench.sh` (tests/KisTrader.Benchmarks); each section is the latest run of one benchmark.\n" +
                                  "Numbers are from the machine named in the section; they are measurements, not pass/fail limits.\n";

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.OSDescription}, " +
               $".NET {Environment.Version}, load average {load} at the start";
    }

    public static void Write(string name, string section)
    {
        var file = Path.Combine(AppProcess.RepoRoot, "docs", "benchmarks.md");
        var text = File.Exists(file) ? File.ReadAllText(file) : Header;
        var block = $"<!-- {name} -->\n{section.TrimEnd()}\n<!-- /{name} -->\n";
        var existing = new Regex($"<!-- {Regex.Escape(name)} -->.*?<!-- /{Regex.Escape(name)} -->\n", RegexOptions.Singleline);
        text = existing.IsMatch(text) ? existing.Replace(text, block.Replace("$", "$$"), 1) : text.TrimEnd() + "\n\n" + block;
        File.WriteAllText(file, text);
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of a sorted list.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
