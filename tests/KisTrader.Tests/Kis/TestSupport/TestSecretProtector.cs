using System.Security.Cryptography;
using KisTrader.Kis.Auth;

namespace KisTrader.Tests.Kis.TestSupport;

/// <summary>AES-GCM with a key held in memory: real encryption, so "the token is not readable on disk" can fail.</summary>
public sealed class TestSecretProtector : ISecretProtector
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public byte[] Protect(byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plaintext, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    public byte[] Unprotect(byte[] protectedData)
    {
        var nonce = protectedData[..12];
        var tag = protectedData[12..28];
        var cipher = protectedData[28..];
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(nonce, cipher, tag, plain);
        return plain;
    }
}
