namespace KisTrader.Core.Ml.Preprocessing;

/// <summary>How the sessions are cut into walk-forward folds. The last <see cref="Folds"/> × <see cref="TestSessions"/>
/// sessions are the test windows, one after another; each fold trains on everything before its test window (or the last
/// <see cref="MaxTrainSessions"/> sessions of it), minus an optional validation window just before the test, with
/// <see cref="EmbargoSessions"/> sessions left out between windows and every row purged whose label reaches into the
/// window after it.</summary>
public sealed record WalkForwardOptions
{
    public int Folds { get; init; } = 4;

    /// <summary>Sessions per test window (the last fold also takes any remainder). 0: the sessions after the first
    /// <see cref="MinTrainSessions"/> (and the validation and embargo) divided evenly.</summary>
    public int TestSessions { get; init; }

    /// <summary>Sessions of validation (threshold choice, early stopping) between training and test; 0 for none.</summary>
    public int ValidationSessions { get; init; }

    /// <summary>Fewest training sessions the first fold may have.</summary>
    public int MinTrainSessions { get; init; } = 250;

    /// <summary>Training sessions at most (a rolling window); 0 for all before the test (expanding).</summary>
    public int MaxTrainSessions { get; init; }

    /// <summary>Sessions dropped between one window and the next, beyond the purge (serially correlated features).</summary>
    public int EmbargoSessions { get; init; } = 5;

    internal void Validate()
    {
        if (Folds < 1) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "At least one fold.");
        if (TestSessions < 0 || ValidationSessions < 0 || EmbargoSessions < 0 || MaxTrainSessions < 0)
            throw new ArgumentException("Window sizes cannot be negative.");
        if (MinTrainSessions < 1) throw new ArgumentOutOfRangeException(nameof(MinTrainSessions), MinTrainSessions, "At least one training session.");
    }
}
