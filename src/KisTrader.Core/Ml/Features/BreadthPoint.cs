namespace KisTrader.Core.Ml.Features;

/// <summary>Market breadth of one session: how many instruments closed up, down, and how many had a previous close to
/// compare with. Known at that session's close.</summary>
public sealed record BreadthPoint(DateOnly Date, int Up, int Down, int Total)
{
    /// <summary>Share of the compared instruments that closed up; NaN when none could be compared.</summary>
    public double UpShare => Total > 0 ? (double)Up / Total : double.NaN;
}
