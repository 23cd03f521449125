namespace KisTrader.Core.Ml.Features;

/// <summary>Something tried to use data that was not knowable at the time asked about (a bar whose session closed after
/// it, or a feature that depends on the future). Always a bug in the caller: the pipeline stops rather than train on it.</summary>
public sealed class LookAheadException(string message) : Exception(message);
