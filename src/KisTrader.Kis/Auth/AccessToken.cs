namespace KisTrader.Kis.Auth;

/// <summary>An issued access token. <see cref="ExpiresAt"/> comes from access_token_token_expired (KST).</summary>
internal sealed record AccessToken(string Token, DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt);
