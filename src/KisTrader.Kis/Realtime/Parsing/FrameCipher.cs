using System.Security.Cryptography;
using System.Text;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>AES-256-CBC / PKCS#7 decryption of encrypted realtime payloads (KIS_API.md §6.5): the key is the 32-char
/// <c>output.key</c> and the IV the 16-char <c>output.iv</c> of the TR's subscribe ack, both as UTF-8 bytes.
/// Not thread-safe: one receive loop owns it.</summary>
public sealed class FrameCipher : IDisposable
{
    private readonly Aes _aes;
    private readonly byte[] _iv;

    public FrameCipher(string key, string iv)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(iv);
        var keyBytes = Encoding.UTF8.GetBytes(key);
        _iv = Encoding.UTF8.GetBytes(iv);
        // Messages state the lengths only: the values are secrets.
        if (keyBytes.Length != 32)
            throw new ArgumentException($"AES key must be 32 bytes, got {keyBytes.Length}", nameof(key));
        if (_iv.Length != 16)
            throw new ArgumentException($"AES iv must be 16 bytes, got {_iv.Length}", nameof(iv));
        _aes = Aes.Create();
        _aes.Key = keyBytes;
    }

    public static bool IsValid(string? key, string? iv) =>
        key is not null && iv is not null && Encoding.UTF8.GetByteCount(key) == 32 && Encoding.UTF8.GetByteCount(iv) == 16;

    public string Decrypt(string base64)
    {
        byte[] cipherText;
        try
        {
            cipherText = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException ex)
        {
            throw new MalformedFrameException("encrypted payload is not valid Base64", ex);
        }
        if (cipherText.Length == 0 || cipherText.Length % 16 != 0)
            throw new MalformedFrameException("encrypted payload is not a whole number of AES blocks");
        try
        {
            return Encoding.UTF8.GetString(_aes.DecryptCbc(cipherText, _iv, PaddingMode.PKCS7));
        }
        catch (CryptographicException ex)
        {
            throw new MalformedFrameException("encrypted payload does not decrypt with the TR's key", ex);
        }
    }

    public void Dispose() => _aes.Dispose();
}
