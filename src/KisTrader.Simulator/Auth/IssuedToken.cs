namespace KisTrader.Simulator.Auth;

public sealed class IssuedToken
{
    public string Token { get; set; } = "";
    public string AppKey { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
}

public sealed class ApprovalKey
{
    public string Key { get; set; } = "";
    public string AppKey { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
}
