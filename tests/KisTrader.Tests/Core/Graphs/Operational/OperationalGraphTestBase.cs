using KisTrader.Core.Approvals;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Graphs.Operational;

/// <summary>The operational graph over fakes (<see cref="OperationalHarness"/>, approval off), one per test.</summary>
public abstract class OperationalGraphTestBase : IDisposable
{
    private protected readonly OperationalHarness _h = new(ApprovalMode.Off);

    public void Dispose() => _h.Dispose();

    protected async Task<IReadOnlyList<string>> NodesOf(string runId) => [.. (await _h.Graphs.StepsAsync(runId)).Select(s => s.Node)];
}
