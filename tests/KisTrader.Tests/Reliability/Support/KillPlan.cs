namespace KisTrader.Tests.Reliability.Support;

/// <summary>Where a kill is aimed. Most aim inside the order path; some land anywhere, some during start-up.</summary>
internal enum KillMode
{
    /// <summary>A random 0–80 ms after the app logs the broker's acceptance of an order: the ledger update after the
    /// answer, fill notices, the next order's intent and send.</summary>
    AfterAccept,
    /// <summary>A random 0–30 ms after an order shows in the ledger as Intent (or Unknown): between the intent and the
    /// broker's answer, which the simulator's latency widens.</summary>
    OnIntent,
    /// <summary>A random 0–3 s after start-up reconciliation: anywhere in a cycle (analysis, decision, risk, recording).</summary>
    Anywhere,
    /// <summary>A random 0.3–4 s after launch, whether start-up has finished or not (reconciliation, resumes).</summary>
    DuringStartUp,
}

internal sealed record KillPlan(KillMode Mode, int DelayMs)
{
    public static KillPlan Next(Random rng)
    {
        var roll = rng.NextDouble();
        return roll switch
        {
            < 0.40 => new KillPlan(KillMode.AfterAccept, rng.Next(0, 81)),
            < 0.75 => new KillPlan(KillMode.OnIntent, rng.Next(0, 31)),
            < 0.92 => new KillPlan(KillMode.Anywhere, rng.Next(0, 3001)),
            _ => new KillPlan(KillMode.DuringStartUp, rng.Next(300, 4001)),
        };
    }
}

/// <summary>One kill: how it was aimed, and what the ledger held right after it.</summary>
internal sealed record KillRecord(int Index, string Mode, int DelayMs, bool Triggered, int ExitCode, string Landed, int IntentOrders,
    int UnknownOrders, int OpenOrders, string? InterruptedAt, double StartSeconds);
