namespace KisTrader.Core.History;

/// <summary>How long one stored bar lasts. The numbers are stored (column <c>resolution</c>): never renumber.</summary>
public enum BarResolution
{
    Day = 1,
    Minute = 2,
}
