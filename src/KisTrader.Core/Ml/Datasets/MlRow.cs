using KisTrader.Core.Ml.Labels;

namespace KisTrader.Core.Ml.Datasets;

/// <summary>One instrument-session: the features known at that session's close and the label of the trade after it.</summary>
public sealed record MlRow(string Ticker, DateOnly Date, float[] Features, ForwardLabel Label);
