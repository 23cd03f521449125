namespace KisTrader.Core.Decisions;

/// <summary>Hard bounds <see cref="DecisionGuard"/> applies to an untrusted plan.</summary>
public sealed record GuardOptions
{
    public long MaxQuantity { get; init; } = 1_000_000;
    public int MaxJustificationLength { get; init; } = 2_000;
    public int MaxTextLength { get; init; } = 2_000;
    public int MaxOrders { get; init; } = 20;
    public int MaxJsonLength { get; init; } = 100_000;
    /// <summary>The plan schema is three levels deep; anything deeper is garbage.</summary>
    public int MaxJsonDepth { get; init; } = 8;
}
