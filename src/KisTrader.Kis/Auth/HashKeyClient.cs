using KisTrader.Kis.Dto;

namespace KisTrader.Kis.Auth;

/// <summary>POST /uapi/hashkey over the exact body of an order (§2.4). Optional at KIS; used when options.UseHashKey.</summary>
internal sealed class HashKeyClient(KisOAuthClient oauth)
{
    public async Task<string> ComputeAsync(string body, CancellationToken ct)
    {
        var response = await oauth.PostAsync(OAuthDto.HashKeyPath, "hashkey", body, withAppHeaders: true, ct).ConfigureAwait(false);
        return OAuthDto.ParseHash(response);
    }
}
