using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

public sealed class FakeEquityMarks : IEquityMarks
{
    public List<EquityMark> Marks { get; } = [];

    public Task<decimal> MarkAsync(DateOnly date, decimal equity, CancellationToken ct = default) => Task.FromResult(equity);

    public Task<IReadOnlyList<EquityMark>> ListAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<EquityMark>>([.. Marks]);
}
