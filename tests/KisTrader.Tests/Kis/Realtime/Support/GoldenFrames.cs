using System.Security.Cryptography;
using System.Text;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>Reads the hand-written frames under Golden/ and builds encrypted frames the way KIS does (§6.5).</summary>
internal static class GoldenFrames
{
    public const string TestKey = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"; // 32 chars
    public const string TestIv = "q1W2e3R4t5Y6u7I8"; // 16 chars

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Kis", "Realtime", "Golden", name), Encoding.UTF8);

    /// <summary>Base64(AES-256-CBC/PKCS#7(plaintext)) with key/iv as UTF-8 bytes.</summary>
    public static string Encrypt(string plaintext, string key = TestKey, string iv = TestIv)
    {
        using var aes = Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(key);
        return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(iv), PaddingMode.PKCS7));
    }

    public static string EncryptedFrame(string trId, int records, string plaintext, string key = TestKey, string iv = TestIv) =>
        $"1|{trId}|{records:000}|{Encrypt(plaintext, key, iv)}";
}
