namespace KisTrader.Kis.Auth;

/// <summary>Encrypts what the client keeps on disk (the access-token cache). The host supplies it (ASP.NET Data Protection).</summary>
public interface ISecretProtector
{
    byte[] Protect(byte[] plaintext);

    /// <summary>Throws when the data was not produced by this protector or was tampered with.</summary>
    byte[] Unprotect(byte[] protectedData);
}
