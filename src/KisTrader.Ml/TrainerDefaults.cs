using KisTrader.Core.Ml.Training;

namespace KisTrader.Ml;

public static class TrainerDefaults
{
    /// <summary>The seed every trainer uses unless told otherwise: same data, same model.</summary>
    public const int Seed = 17;

    /// <summary>The trainers by the names the command line and the registry use: lr, rf, lgbm, majority.</summary>
    public static IProbabilityTrainer Create(string name, int seed = Seed) => name switch
    {
        "lr" => new LogisticRegressionTrainer(seed),
        "rf" => new RandomForestTrainer(seed),
        "lgbm" => new LightGbmTrainer(seed),
        "majority" => new MajorityClassTrainer(),
        _ => throw new ArgumentException($"Unknown trainer '{name}': use lr, rf, lgbm or majority.", nameof(name)),
    };

    public static readonly IReadOnlyList<string> Names = ["majority", "lr", "rf", "lgbm"];
}
