namespace KisTrader.Core.Ml.Labels;

/// <summary>What a label asks: after buying at the next session's open and selling at the close <see cref="Horizon"/>
/// sessions after the row's session, net of commission on both sides and the sell tax of the sell date's market, did the
/// return exceed <see cref="Threshold"/>? The three-class variant calls it up above +threshold, down below −threshold,
/// flat between.</summary>
public sealed record LabelSpec(int Horizon = LabelSpec.DefaultHorizon, decimal Threshold = LabelSpec.DefaultThreshold)
{
    public const int DefaultHorizon = 5;
    public const decimal DefaultThreshold = 0.01m;

    public int Horizon { get; } = Horizon is >= 1 and <= 250
        ? Horizon
        : throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "The label horizon is 1 to 250 sessions.");

    public decimal Threshold { get; } = Threshold is >= 0 and < 1
        ? Threshold
        : throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The label threshold is a return between 0 and 1 (0.01 = 1%).");
}

/// <summary>The three-class label.</summary>
public enum Direction
{
    Down = 0,
    Flat = 1,
    Up = 2,
}
