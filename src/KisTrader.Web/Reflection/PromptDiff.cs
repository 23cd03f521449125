using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace KisTrader.Web.Reflection;

/// <summary>A side-by-side line diff of two prompt versions (DiffPlex), shaped for the Prompts page: one row per aligned
/// pair of lines, each side with its line number, its kind and, for a changed line, the changed words marked.</summary>
public static class PromptDiff
{
    public enum LineKind
    {
        Unchanged,
        Added,
        Removed,
        // A line present on both sides with different words; the words are marked.
        Changed,
        // Padding opposite an added or removed line.
        Empty,
    }

    public sealed record Word(string Text, bool Marked);

    public sealed record Side(int? Number, LineKind Kind, IReadOnlyList<Word> Words);

    public sealed record Row(Side Old, Side New);

    public sealed record Result(IReadOnlyList<Row> Rows, int Added, int Removed, int Changed);

    /// <summary>What the page lists: a row, or a run of unchanged lines folded away (Row null, Hidden = how many).</summary>
    public sealed record Shown(Row? Row, int Hidden);

    /// <summary>The changed rows with <paramref name="context"/> unchanged lines around each change; longer unchanged runs
    /// are folded, so a one-line change in a long prompt is on screen without scrolling.</summary>
    public static IReadOnlyList<Shown> Fold(IReadOnlyList<Row> rows, int context = 3)
    {
        var keep = new bool[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Old.Kind == LineKind.Unchanged && rows[i].New.Kind == LineKind.Unchanged) continue;
            for (var j = Math.Max(0, i - context); j <= Math.Min(rows.Count - 1, i + context); j++) keep[j] = true;
        }
        var shown = new List<Shown>();
        var hidden = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (keep[i])
            {
                if (hidden > 0) shown.Add(new Shown(null, hidden));
                hidden = 0;
                shown.Add(new Shown(rows[i], 0));
            }
            else hidden++;
        }
        if (hidden > 0) shown.Add(new Shown(null, hidden));
        return shown;
    }

    public static Result Build(string oldText, string newText)
    {
        var model = new SideBySideDiffBuilder(new Differ()).BuildDiffModel(oldText ?? "", newText ?? "");
        var rows = new List<Row>(Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count));
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var o = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var n = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            rows.Add(new Row(SideOf(o, ChangeType.Deleted), SideOf(n, ChangeType.Inserted)));
        }
        return new Result(rows,
            rows.Count(r => r.New.Kind == LineKind.Added),
            rows.Count(r => r.Old.Kind == LineKind.Removed),
            rows.Count(r => r.New.Kind == LineKind.Changed));
    }

    private static Side SideOf(DiffPiece? piece, ChangeType markedWords)
    {
        if (piece is null || piece.Type == ChangeType.Imaginary)
            return new Side(null, LineKind.Empty, []);
        var kind = piece.Type switch
        {
            ChangeType.Inserted => LineKind.Added,
            ChangeType.Deleted => LineKind.Removed,
            ChangeType.Modified => LineKind.Changed,
            _ => LineKind.Unchanged,
        };
        IReadOnlyList<Word> words = kind == LineKind.Changed && piece.SubPieces.Count > 0
            ? piece.SubPieces.Where(s => s.Type != ChangeType.Imaginary).Select(s => new Word(s.Text ?? "", s.Type == markedWords || s.Type == ChangeType.Modified)).ToList()
            : [new Word(piece.Text ?? "", false)];
        return new Side(piece.Position, kind, words);
    }
}
