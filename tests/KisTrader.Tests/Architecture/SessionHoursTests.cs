using System.Text.RegularExpressions;

namespace KisTrader.Tests.Architecture;

/// <summary>KRX session hours live in KisTrader.Core.Market.KrxCalendar only (issue 15): six copies had grown
/// before issue 15. A new `new TimeOnly(9, 0)`, `new(15, 30, 0)` or `15 * 60 + 30` in code elsewhere fails here.</summary>
public sealed partial class SessionHoursTests
{
    private static readonly string SessionType = Path.Combine("src", "KisTrader.Core", "Market", "KrxCalendar.cs");

    [GeneratedRegex(@"\bnew\s*(TimeOnly|TimeSpan)?\s*\(\s*(9|09|15)\s*,\s*(0|00|20|30)\s*(,\s*0\s*)?\)|\b(9|15)\s*\*\s*60\b")]
    private static partial Regex SessionLiteral();

    [Fact]
    public void SessionHourLiterals_AppearOnlyInKrxCalendar()
    {
        var root = KisTrader.Testing.AppProcess.RepoRoot;
        // The scan must see real files: the session type itself holds the literals.
        Assert.Matches(SessionLiteral(), File.ReadAllText(Path.Combine(root, SessionType)));
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative == SessionType || IsBuildOutput(relative)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal)) continue;
                if (SessionLiteral().IsMatch(code)) offenders.Add($"{relative}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "KRX session hours belong in KrxCalendar:\n" + string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("private static readonly TimeSpan Close = new(15, 30, 0);", true)]
    [InlineData("if (oldest <= new TimeOnly(9, 0)) break;", true)]
    [InlineData("var open = new TimeSpan(9, 0, 0);", true)]
    [InlineData("const double open = 9 * 60, close = 15 * 60 + 30;", true)]
    [InlineData("var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);", false)]
    [InlineData("public static readonly TimeSpan Offset = TimeSpan.FromHours(9);", false)]
    public void SessionLiteralPattern_CatchesTheOldCopies(string line, bool matches) =>
        Assert.Equal(matches, SessionLiteral().IsMatch(line));

    private static bool IsBuildOutput(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin") || parts.Contains("node_modules");
    }
}
