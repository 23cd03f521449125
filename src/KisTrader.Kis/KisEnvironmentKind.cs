namespace KisTrader.Kis;

public enum KisEnvironmentKind
{
    Real,
    Paper,
    /// <summary>Paper semantics (paper TR IDs, paper limits) against the local simulator.</summary>
    Simulator,
}
