namespace KisTrader.Core.Ports;

/// <summary>Equity at the first observation of each trading day (table <c>equity_marks</c>), the base of the daily
/// and weekly loss limits.</summary>
public interface IEquityMarks
{
    /// <summary>Records <paramref name="equity"/> as the mark of <paramref name="date"/> unless that day already has one;
    /// returns the day's mark (the first one recorded).</summary>
    Task<decimal> MarkAsync(DateOnly date, decimal equity, CancellationToken ct = default);

    /// <summary>Marks in [from, to], oldest first.</summary>
    Task<IReadOnlyList<EquityMark>> ListAsync(DateOnly from, DateOnly to, CancellationToken ct = default);
}

public sealed record EquityMark(DateOnly Date, decimal Equity, DateTimeOffset RecordedAt);
