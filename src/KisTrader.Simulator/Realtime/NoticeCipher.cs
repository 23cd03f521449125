using System.Security.Cryptography;
using System.Text;

namespace KisTrader.Simulator.Realtime;

/// <summary>AES-256-CBC with PKCS#7, key = the 32-char ack key as UTF-8, IV = the 16-char ack iv (KIS_API.md §6.5).</summary>
public static class NoticeCipher
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string RandomText(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    public static string Encrypt(string plain, string key, string iv)
    {
        using var aes = Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(key);
        return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(plain), Encoding.UTF8.GetBytes(iv), PaddingMode.PKCS7));
    }

    public static string Decrypt(string base64, string key, string iv)
    {
        using var aes = Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(key);
        return Encoding.UTF8.GetString(aes.DecryptCbc(Convert.FromBase64String(base64), Encoding.UTF8.GetBytes(iv), PaddingMode.PKCS7));
    }
}
