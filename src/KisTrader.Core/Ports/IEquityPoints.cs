namespace KisTrader.Core.Ports;

/// <summary>Equity at every balance reading of an operational run (table <c>equity_points</c>): the Overview's equity
/// curve, kept on its own so that nothing reads it out of the runs' saved state. The daily marks of the loss limits are
/// <see cref="IEquityMarks"/>.</summary>
public interface IEquityPoints
{
    Task AddAsync(EquityObservation point, CancellationToken ct = default);

    /// <summary>Points observed in [from, to), oldest first.</summary>
    Task<IReadOnlyList<EquityObservation>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}

/// <summary>The account's total equity when the broker's balance was read, and the run that read it.</summary>
public sealed record EquityObservation(DateTimeOffset At, decimal Equity, string? RunId);
