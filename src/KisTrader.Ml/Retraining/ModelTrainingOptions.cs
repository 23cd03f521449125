using KisTrader.Core.Ml.Labels;

namespace KisTrader.Ml.Retraining;

/// <summary>What a retraining run trains on and with (configuration "Ml:Training", bound and validated by the web
/// project).</summary>
public sealed record ModelTrainingOptions
{
    /// <summary>Sessions of the latest window a run trains on when the request names no dates (about two years).</summary>
    public int WindowSessions { get; init; } = 500;

    /// <summary>The trainers a request for "all" runs.</summary>
    public IReadOnlyList<string> Trainers { get; init; } = ["lr", "rf", "lgbm"];

    /// <summary>The label; its horizon and threshold name the signal (<see cref="SignalTraining.SignalName"/>).</summary>
    public LabelSpec Label { get; init; } = new();

    /// <summary>Put the run's best candidate to the promotion rule (false: every candidate stays one, with that reason).</summary>
    public bool AutoPromote { get; init; } = true;

    /// <summary>The trainers a request may name.</summary>
    public static readonly IReadOnlyList<string> Known = ["lr", "rf", "lgbm"];
}
