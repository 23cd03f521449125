namespace KisTrader.Kis.Realtime;

/// <summary>One KIS realtime registration: a (tr_id, tr_key) pair. The session may hold 41 of them.</summary>
public readonly record struct Registration(string TrId, string TrKey)
{
    public override string ToString() => $"{TrId}/{TrKey}";
}
