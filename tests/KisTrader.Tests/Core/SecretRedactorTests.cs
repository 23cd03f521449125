using KisTrader.Core.Security;

namespace KisTrader.Tests.Core;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_MasksRegisteredSecretsWherever_TheyAppear()
    {
        var r = new SecretRedactor();
        r.Register("PSabcdefKEY123456");
        r.Register("12345678");
        Assert.Equal("key=*** account ***-01", r.Redact("key=PSabcdefKEY123456 account 12345678-01"));
    }

    [Fact]
    public void Redact_MasksBearerTokensAndSecretJsonFields_EvenWhenUnregistered()
    {
        var r = new SecretRedactor();
        var text = """Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def body {"appkey":"AK1","appsecret": "SEC", "access_token":"tok", "CANO":"50001234", "ticker":"005930"}""";
        var red = r.Redact(text);
        Assert.DoesNotContain("eyJhbGci", red);
        Assert.DoesNotContain("\"AK1\"", red);
        Assert.DoesNotContain("SEC", red);
        Assert.DoesNotContain("tok\"", red);
        Assert.DoesNotContain("50001234", red);
        Assert.Contains("\"ticker\":\"005930\"", red);
    }

    [Fact]
    public void Redact_MasksOpenAiStyleKeysAndQueryParameters()
    {
        var r = new SecretRedactor();
        Assert.Equal("using *** now", r.Redact("using sk-proj-ABCDEFGHIJKLMNOPQRSTUV now"));
        Assert.Equal("GET /x?appkey=***&n=1", r.Redact("GET /x?appkey=abcd1234&n=1"));
    }

    [Fact]
    public void Register_IgnoresValuesTooShortToBeSecrets()
    {
        var r = new SecretRedactor();
        r.Register("01");
        r.Register("   ");
        r.Register(null);
        Assert.Equal("product 01", r.Redact("product 01"));
    }

    [Fact]
    public void Redact_MasksTheLongerOfOverlappingSecretsWhole()
    {
        var r = new SecretRedactor();
        r.Register("abcd");
        r.Register("abcdefgh");
        Assert.Equal("x *** y", r.Redact("x abcdefgh y"));
    }
}
