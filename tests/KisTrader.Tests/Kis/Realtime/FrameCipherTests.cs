using System.Security.Cryptography;
using System.Text;
using KisTrader.Kis.Realtime.Parsing;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

public sealed class FrameCipherTests
{
    [Fact]
    public void Decrypt_OpensslKnownAnswerVector_GivesTheGoldenRecord()
    {
        // Made with the openssl CLI (see Golden/README.md), so this does not just check .NET against itself.
        var frame = RealtimeFrameParser.ParseFrame(GoldenFrames.Read("H0STCNI0_fill_26.openssl-kat.txt"));
        using var cipher = new FrameCipher("0123456789abcdef0123456789abcdef", "fedcba9876543210");

        Assert.True(frame.Encrypted);
        Assert.Equal(GoldenFrames.Read("H0STCNI0_fill_26.plain.txt"), cipher.Decrypt(frame.Payload));
    }

    [Fact]
    public void Decrypt_RoundTripsWhatDotNetAesEncrypts()
    {
        var plain = GoldenFrames.Read("H0STCNI9_fill_23_legacy.plain.txt");
        using var cipher = new FrameCipher(GoldenFrames.TestKey, GoldenFrames.TestIv);
        Assert.Equal(plain, cipher.Decrypt(GoldenFrames.Encrypt(plain)));
    }

    [Fact]
    public void Decrypt_WithAnotherKey_IsMalformedNotGarbage()
    {
        var base64 = GoldenFrames.Encrypt(GoldenFrames.Read("H0STCNI0_fill_26.plain.txt"));
        using var other = new FrameCipher("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", GoldenFrames.TestIv);
        // A wrong key almost always breaks the padding; if it happens not to, the text still differs.
        try
        {
            Assert.NotEqual(GoldenFrames.Read("H0STCNI0_fill_26.plain.txt"), other.Decrypt(base64));
        }
        catch (MalformedFrameException)
        {
        }
    }

    [Theory]
    [InlineData("not base64 at all!!")]
    [InlineData("QUJD")] // valid Base64, 3 bytes: not a whole AES block
    public void Decrypt_InvalidCiphertext_ThrowsMalformed(string payload)
    {
        using var cipher = new FrameCipher(GoldenFrames.TestKey, GoldenFrames.TestIv);
        Assert.Throws<MalformedFrameException>(() => cipher.Decrypt(payload));
    }

    [Fact]
    public void Constructor_WrongKeyLength_ThrowsWithoutEchoingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FrameCipher("short-secret-key", GoldenFrames.TestIv));
        Assert.DoesNotContain("short-secret-key", ex.Message);
    }

    [Fact]
    public void KeyBytes_AreTheUtf8BytesOfTheAckStrings()
    {
        using var aes = Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(GoldenFrames.TestKey);
        var expected = Convert.ToBase64String(aes.EncryptCbc("x^y"u8.ToArray(), Encoding.UTF8.GetBytes(GoldenFrames.TestIv), PaddingMode.PKCS7));
        using var cipher = new FrameCipher(GoldenFrames.TestKey, GoldenFrames.TestIv);
        Assert.Equal("x^y", cipher.Decrypt(expected));
    }
}
