namespace KisTrader.Core.Ml.Features;

/// <summary>Turns what is visible at one instant into one row of features. Values are floats (what the trainers take);
/// a value that cannot be computed (too little history, a division by zero) is <see cref="float.NaN"/>, never a made-up
/// number: the preprocessing counts and imputes it.</summary>
public interface IFeatureExtractor
{
    FeatureSchema Schema { get; }

    /// <summary>One row, <see cref="FeatureSchema.Count"/> values in schema order.</summary>
    float[] Compute(FeatureInput input);
}
