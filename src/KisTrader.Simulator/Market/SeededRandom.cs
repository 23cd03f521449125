namespace KisTrader.Simulator.Market;

/// <summary>
/// Reproducible randomness: System.Random with an explicit seed keeps its algorithm across
/// .NET versions, and seeds are derived with FNV-1a (string.GetHashCode is randomised per process).
/// </summary>
internal static class SeededRandom
{
    public static int Derive(int seed, string text, int salt = 0)
    {
        unchecked
        {
            var h = 2166136261u;
            foreach (var c in text) { h ^= c; h *= 16777619u; }
            h ^= (uint)seed; h *= 16777619u;
            h ^= (uint)salt; h *= 16777619u;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    public static Random For(int seed, string text, int salt = 0) => new(Derive(seed, text, salt));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double NextGaussian(this Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
