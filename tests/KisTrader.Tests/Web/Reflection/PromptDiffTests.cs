using KisTrader.Web.Reflection;
using static KisTrader.Web.Reflection.PromptDiff;

namespace KisTrader.Tests.Web.Reflection;

public sealed class PromptDiffTests
{
    private const string V1 = "# Decision prompt\n\n## Dynamic Rules\nNo learned rules yet.\n\n## Output\nJSON only.\n";

    [Fact]
    public void AnAddedLine_IsAddedOnTheNewSide_OppositeAnEmptyOldSide()
    {
        var v2 = V1.Replace("No learned rules yet.\n", "No learned rules yet.\n- R-1 (priority 8): block when side == \"BUY\" and rsi14 >= 70\n");
        var d = Build(V1, v2);
        Assert.Equal((1, 0, 0), (d.Added, d.Removed, d.Changed));
        var row = Assert.Single(d.Rows, r => r.New.Kind == LineKind.Added);
        Assert.Equal(LineKind.Empty, row.Old.Kind);
        Assert.Contains("rsi14 >= 70", string.Concat(row.New.Words.Select(w => w.Text)));
    }

    [Fact]
    public void AChangedLine_MarksOnlyTheChangedWords_OnEachSide()
    {
        var d = Build("block when rsi14 >= 70\n", "block when rsi14 >= 75\n");
        var row = Assert.Single(d.Rows, r => r.New.Kind != LineKind.Unchanged);
        Assert.Equal((LineKind.Changed, LineKind.Changed), (row.Old.Kind, row.New.Kind));
        Assert.Equal(["70"], row.Old.Words.Where(w => w.Marked).Select(w => w.Text));
        Assert.Equal(["75"], row.New.Words.Where(w => w.Marked).Select(w => w.Text));
        Assert.Equal("block when rsi14 >= 75", string.Concat(row.New.Words.Select(w => w.Text)));
    }

    [Fact]
    public void ARemovedLine_IsRemovedOnTheOldSide()
    {
        var d = Build(V1, V1.Replace("JSON only.\n", ""));
        Assert.Equal((0, 1, 0), (d.Added, d.Removed, d.Changed));
        Assert.Equal(LineKind.Empty, Assert.Single(d.Rows, r => r.Old.Kind == LineKind.Removed).New.Kind);
    }

    [Fact]
    public void TheSameText_HasNoChanges()
    {
        var d = Build(V1, V1);
        Assert.Equal((0, 0, 0), (d.Added, d.Removed, d.Changed));
        Assert.All(d.Rows, r => Assert.Equal(LineKind.Unchanged, r.New.Kind));
    }

    [Fact]
    public void Fold_KeepsThreeLinesAroundAChange_AndFoldsTheLongUnchangedRuns()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"line {i}").ToList();
        var changed = lines.ToList();
        changed[14] = "line 15 with a rule";
        var shown = Fold(Build(string.Join("\n", lines), string.Join("\n", changed)).Rows);
        Assert.Equal(11, shown[0].Hidden);
        Assert.Equal(7, shown.Count(s => s.Row is not null));
        Assert.Equal(12, shown[^1].Hidden);
    }
}
