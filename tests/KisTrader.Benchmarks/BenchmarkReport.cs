using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>docs/benchmarks.md: at its top the goals table of issue 18 (one row per goal, kept between runs), then one
/// section per benchmark, replaced by its latest run, the others kept. Hand-written blocks (any other
/// <c>&lt;!-- name --&gt;</c> … <c>&lt;!-- /name --&gt;</c>) are left alone.
/// <para>A benchmark that measures one of the goals records its row with
/// <c>BenchmarkReport.Goal(id, description, measured, baseline, ratio, met)</c>, e.g.
/// <c>Goal(2, "Decision cycle, 40 instruments", "p50 31 ms, p99 140 ms, 3 + 1/order REST", "no-op cycle p50 4 ms", "7.8×", met: true)</c>:
/// the row replaces that goal's previous row and is stamped with the mode, machine (cores, memory), date and commit of
/// this run. Goals without a row read "not measured". Values are free text in the benchmark's own units; the ratio is
/// measured ÷ baseline (a double is formatted as "0.00×").</para></summary>
public static partial class BenchmarkReport
{
    private const string Header = "# Benchmarks\n\nWritten by `./bench.sh` (tests/KisTrader.Benchmarks); each section is the latest run of one benchmark.\n" +
                                  "Numbers are from the machine named in the section; they are measurements, not pass/fail limits.\n";

    private const string GoalsName = "goals";

    /// <summary>Issue 18's goals, for the rows no benchmark has written yet.</summary>
    public static readonly IReadOnlyDictionary<int, string> Goals = new Dictionary<int, string>
    {
        [1] = "Realtime frame → tick → cache → indicators → bus, one core: ≥ 1,000,000 H0STCNT0 records/s, 0 B allocated per record",
        [2] = "Decision cycle, rules engine, 40 instruments, simulator on loopback: p50 < 50 ms, p99 < 200 ms, REST ≤ 3 + 1 per order",
        [3] = "Fill → visible in the browser's DOM: p95 < 250 ms",
        [4] = "50 SignalR clients × 20 instruments × 10 ticks/s: server CPU < 50% of one core, lag p99 < 1 s",
        [5] = "Trade store with 1,000,000 trades: Trades page queries < 20 ms, inserts ≥ 20,000 rows/s (SQLite, PostgreSQL)",
        [6] = "Cold start to a healthy /healthz on a fresh data directory < 3 s; memory after start < 250 MB",
        [7] = "Soak: heap growth over a simulated trading week < 10%",
    };

    private static string ReportFile => Path.Combine(AppProcess.RepoRoot, "docs", "benchmarks.md");

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = LoadAverage();
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {MemoryText()} memory, {RuntimeInformation.OSDescription}, " +
               $".NET {Environment.Version}, load average {load} at the start";
    }

    /// <summary>The 1-minute load average now ("?" without /proc), for goal rows: the machine is often shared.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>Cores and memory, short, for the goals table.</summary>
    public static string MachineShort() => $"{Environment.ProcessorCount} cores, {MemoryText()}";

    private static string MemoryText()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kb = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb > 0 ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1048576.0:0.0} GB") : "? GB";
    }

    /// <summary>The short commit the run was built from, "(with uncommitted changes)" when the tree differs from it.</summary>
    public static string Commit()
    {
        try
        {
            var sha = Git("rev-parse --short HEAD");
            // docs/benchmarks.md itself is rewritten by the run: not a change to what was measured.
            return Git("status --porcelain --untracked-files=no -- . :!docs/benchmarks.md").Length > 0 ? sha + " (with uncommitted changes)" : sha;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }

    private static string Git(string arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = AppProcess.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }

    /// <summary>Replaces (or adds) a benchmark's section, under a line naming the mode that wrote it.</summary>
    public static void Write(string name, string section)
    {
        var mode = $"*Mode: {BenchmarkMode.Name}{(BenchmarkMode.Quick ? " (`./bench.sh --quick`: smaller loads and fewer runs; indicative numbers)" : "")}; " +
                   $"commit {Commit()}, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.*";
        var lines = section.TrimEnd().Split('\n').ToList();
        // After the section's heading when it has one.
        lines.Insert(lines.Count > 0 && lines[0].StartsWith('#') ? 1 : 0, lines.Count > 0 && lines[0].StartsWith('#') ? "\n" + mode : mode + "\n");
        Replace(name, string.Join('\n', lines));
    }

    /// <summary>Records goal <paramref name="id"/>'s row in the goals table (see the class's summary).</summary>
    public static void Goal(int id, string description, string measured, string baseline, string ratio, bool met)
    {
        var cells = new[]
        {
            id.ToString(CultureInfo.InvariantCulture), description, measured, baseline, ratio, met ? "**met**" : "not met",
            BenchmarkMode.Name, MachineShort(), DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Commit(),
        };
        var rows = GoalRows(File.Exists(ReportFile) ? File.ReadAllText(ReportFile) : Header);
        rows[id] = "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" "))) + " |";
        WriteGoals(rows);
    }

    /// <inheritdoc cref="Goal(int, string, string, string, string, bool)"/>
    public static void Goal(int id, string description, string measured, string baseline, double ratio, bool met) =>
        Goal(id, description, measured, baseline, ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×", met);

    /// <summary>Makes sure the goals table is there (all "not measured" on a fresh file).</summary>
    public static void EnsureGoals() => WriteGoals(GoalRows(File.Exists(ReportFile) ? File.ReadAllText(ReportFile) : Header));

    private static SortedDictionary<int, string> GoalRows(string text)
    {
        var rows = new SortedDictionary<int, string>();
        var block = BlockPattern(GoalsName).Match(text);
        if (!block.Success) return rows;
        foreach (Match row in GoalRow().Matches(block.Value))
            rows[int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture)] = row.Value.TrimEnd();
        return rows;
    }

    private static void WriteGoals(SortedDictionary<int, string> rows)
    {
        foreach (var (id, description) in Goals)
            rows.TryAdd(id, $"| {id} | {description} | not measured | | | | | | | |");
        var table = new StringBuilder()
            .Append("## Goals (issue 18)\n\n")
            .Append("One row per goal, written by the benchmark that measures it (`BenchmarkReport.Goal`) and kept until that benchmark runs again; ")
            .Append("ratio = measured ÷ baseline, both from the same run. Quick-mode rows are indicative; the published figures come from a full run.\n\n")
            .Append("| goal | target | measured | baseline | ratio | met | mode | machine | date | commit |\n")
            .Append("|---:|---|---|---|---:|---|---|---|---|---|\n");
        foreach (var row in rows.Values) table.Append(row).Append('\n');
        Replace(GoalsName, table.ToString(), atTop: true);
    }

    /// <summary>Replaces the block <c>&lt;!-- name --&gt;</c> … <c>&lt;!-- /name --&gt;</c>, or adds it at the end (or
    /// before the first block, <paramref name="atTop"/>).</summary>
    private static void Replace(string name, string content, bool atTop = false)
    {
        var text = File.Exists(ReportFile) ? File.ReadAllText(ReportFile) : Header;
        var block = $"<!-- {name} -->\n{content.TrimEnd()}\n<!-- /{name} -->\n";
        var existing = BlockPattern(name);
        if (existing.IsMatch(text))
            text = existing.Replace(text, block.Replace("$", "$$", StringComparison.Ordinal), 1);
        else if (atTop && text.IndexOf("\n<!-- ", StringComparison.Ordinal) is var first and >= 0)
            text = text[..(first + 1)] + block + "\n" + text[(first + 1)..];
        else
            text = text.TrimEnd() + "\n\n" + block;
        File.WriteAllText(ReportFile, text);
    }

    private static Regex BlockPattern(string name) =>
        new($"<!-- {Regex.Escape(name)} -->.*?<!-- /{Regex.Escape(name)} -->\n", RegexOptions.Singleline);

    [GeneratedRegex(@"^\| (\d+) \|.*$", RegexOptions.Multiline)]
    private static partial Regex GoalRow();

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of a sorted list.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
