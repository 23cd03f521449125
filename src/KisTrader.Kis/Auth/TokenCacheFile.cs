using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis.Auth;

/// <summary>
/// The access token kept across restarts, encrypted with <see cref="ISecretProtector"/>: one file per environment and
/// app key (the key appears only as its SHA-256). It holds the token, its expiry and its issue time, so a restart
/// neither re-issues a valid token (KIS sends a KakaoTalk message per issue) nor breaks the 1-per-minute rule.
/// </summary>
internal sealed class TokenCacheFile
{
    private readonly ISecretProtector _protector;
    private readonly ILogger _logger;

    public TokenCacheFile(string directory, KisEnvironmentKind environment, string appKey, ISecretProtector protector, ILogger logger)
    {
        _protector = protector;
        _logger = logger;
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appKey)));
        FilePath = Path.Combine(directory, $"kis-token-{environment.ToString().ToLowerInvariant()}-{keyHash}.bin");
    }

    public string FilePath { get; }

    public Entry? Load()
    {
        try
        {
            if (!File.Exists(FilePath)) return null;
            var plain = _protector.Unprotect(File.ReadAllBytes(FilePath));
            return JsonSerializer.Deserialize<Entry>(plain);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or CryptographicException or FormatException)
        {
            // An unreadable cache costs one token issue, nothing more.
            _logger.LogWarning("The KIS token cache could not be read ({Error}); a new token will be issued.", ex.GetType().Name);
            return null;
        }
    }

    public void Save(Entry entry)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var data = _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(entry));
            var temp = FilePath + ".tmp";
            File.WriteAllBytes(temp, data);
            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("The KIS token cache could not be written ({Error}).", ex.GetType().Name);
        }
    }

    /// <param name="Token">Null once KIS refused it (EGW00121/00123): the issue time still counts.</param>
    public sealed record Entry(string? Token, DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt);
}
