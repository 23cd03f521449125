using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Testing.Ledger;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Execution;

/// <summary>The graph and gateway tests' ledger fake keeps the same contract as the EF stores.</summary>
public sealed class InMemoryOrderLedgerTests : OrderLedgerContract
{
    protected override Task<IOrderLedger> CreateLedgerAsync() => Task.FromResult<IOrderLedger>(new InMemoryOrderLedger());
}
