using KisTrader.Core.Execution;
using KisTrader.Core.InMemory;

namespace KisTrader.Testing.Ledger;

/// <summary>A page test's starting point: orders put in the product's in-memory ledger as they are.</summary>
public static class LedgerSeeding
{
    public static void Seed(this InMemoryOrderLedger ledger, params LedgerOrder[] orders)
    {
        // The in-memory ledger completes synchronously.
        foreach (var o in orders) ledger.AddAsync(o).GetAwaiter().GetResult();
    }
}
