namespace KisTrader.Tests.Reliability.Support;

/// <summary>Where a kill is aimed. Most aim inside the order path; some land anywhere, some during start-up.</summary>
internal enum KillMode
{
    /// <summary>A random 0–80 ms after the app logs the broker's acceptance of an order: the ledger update after the
    /// answer, fill notices, the next order's intent and send.</summary>
    AfterAccept,
    /// <summary>A random 0–120 ms after an order shows in the ledger as Intent (or Unknown), with the simulator answering
    /// every call <see cref="KillPlan.IntentLatencyMs"/> late: before the broker took the order or after, answer lost.</summary>
    OnIntent,
    /// <summary>A random 0–40 ms after the app logs an order whose answer the simulator dropped (half of them are, in
    /// these rounds): the order is Unknown in the ledger, or about to be.</summary>
    AfterLostAnswer,
    /// <summary>A random 0–3 s after start-up reconciliation: anywhere in a cycle (analysis, decision, risk, recording).</summary>
    Anywhere,
    /// <summary>A random 0.3–4 s after launch, whether start-up has finished or not (reconciliation, resumes).</summary>
    DuringStartUp,
}

internal sealed record KillPlan(KillMode Mode, int DelayMs)
{
    public const int IntentLatencyMs = 60;

    public static KillPlan Next(Random rng)
    {
        var roll = rng.NextDouble();
        return roll switch
        {
            < 0.30 => new KillPlan(KillMode.AfterAccept, rng.Next(0, 81)),
            < 0.60 => new KillPlan(KillMode.OnIntent, rng.Next(0, 121)),
            < 0.75 => new KillPlan(KillMode.AfterLostAnswer, rng.Next(0, 41)),
            < 0.87 => new KillPlan(KillMode.Anywhere, rng.Next(0, 3001)),
            _ => new KillPlan(KillMode.DuringStartUp, rng.Next(300, 4001)),
        };
    }
}

/// <summary>One kill: how it was aimed, and what the ledger held right after it.</summary>
internal sealed record KillRecord(int Index, string Mode, int DelayMs, bool Triggered, int ExitCode, string Landed, int IntentOrders,
    int UnknownOrders, int OpenOrders, string? InterruptedAt, double StartSeconds);
