namespace KisTrader.Core.Ml.Registry;

/// <summary>Where a model version stands. A new version is a candidate; promotion makes it the one active version of
/// its signal and retires the one before; a rollback makes a retired version active again.</summary>
public enum ModelStatus
{
    Candidate,
    Active,
    Retired,
}

public static class ModelStatusNames
{
    /// <summary>The stored (lower-case) name.</summary>
    public static string Of(ModelStatus status) => status switch
    {
        ModelStatus.Candidate => "candidate",
        ModelStatus.Active => "active",
        ModelStatus.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ModelStatus Parse(string name) => name switch
    {
        "candidate" => ModelStatus.Candidate,
        "active" => ModelStatus.Active,
        "retired" => ModelStatus.Retired,
        _ => throw new FormatException($"'{name}' is not a model status (candidate, active, retired)"),
    };
}
