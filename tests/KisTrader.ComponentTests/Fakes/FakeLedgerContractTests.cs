using KisTrader.Core.Ports;
using KisTrader.Testing.Ledger;

namespace KisTrader.ComponentTests;

/// <summary>The pages' ledger fake keeps the same contract as the EF stores.</summary>
public sealed class FakeLedgerContractTests : OrderLedgerContract
{
    protected override Task<IOrderLedger> CreateLedgerAsync() => Task.FromResult<IOrderLedger>(new FakeLedger());
}
