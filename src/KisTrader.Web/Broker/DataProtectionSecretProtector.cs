using KisTrader.Kis.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace KisTrader.Web.Broker;

/// <summary>Encrypts the KIS token cache with ASP.NET Data Protection (AES-256-CBC + HMAC, keys in data/keys).</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("KisTrader.Kis.TokenCache.v1");

    public byte[] Protect(byte[] plaintext) => _protector.Protect(plaintext);

    public byte[] Unprotect(byte[] protectedData) => _protector.Unprotect(protectedData);
}
