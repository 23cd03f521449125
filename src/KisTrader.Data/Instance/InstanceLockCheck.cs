namespace KisTrader.Data.Instance;

public enum InstanceLockState
{
    /// <summary>Held all along.</summary>
    Held,
    /// <summary>Lost with its connection and taken again: nobody else held it meanwhile.</summary>
    Retaken,
    /// <summary>Lost, and another process holds it now: two processes may be trading one account.</summary>
    TakenByAnother,
    /// <summary>Lost, and the database cannot be reached to take it again (nothing can be recorded either).</summary>
    Unreachable,
}

/// <summary>What <see cref="InstanceLock.VerifyAsync"/> found, with a sentence for the log.</summary>
public sealed record InstanceLockCheck(InstanceLockState State, string Detail);
