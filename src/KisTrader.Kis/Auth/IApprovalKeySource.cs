namespace KisTrader.Kis.Auth;

/// <summary>The WebSocket approval key (POST /oauth2/Approval). The realtime session asks for it on every (re)connect.</summary>
public interface IApprovalKeySource
{
    /// <param name="forceNew">Ask KIS for a new key instead of a cached one (after OPSP0010/0011).</param>
    Task<string> GetApprovalKeyAsync(bool forceNew, CancellationToken ct = default);
}
