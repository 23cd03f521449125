using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Simulator.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace KisTrader.Simulator;

/// <summary>
/// The state file (StateDirectory/simulator-state.json). Written whole to a temporary file, flushed,
/// then moved over the old one, so a crash leaves either the old or the new state, never half of one.
/// The issued access tokens and approval keys are bearer secrets: they are kept encrypted (<see cref="SecretsProperty"/>)
/// with the protector the host passes (the web app's Data Protection keys), or with a key ring of the simulator's own
/// in StateDirectory/keys when it runs standalone. Everything else stays readable JSON.
/// </summary>
internal sealed class StateStore
{
    public const string FileName = "simulator-state.json";
    /// <summary>The encrypted tokens and approval keys; replaces the plaintext "Tokens" and "ApprovalKeys" of version 1 files.</summary>
    public const string SecretsProperty = "ProtectedSecrets";
    public const string KeysDirectoryName = "keys";
    public const string Purpose = "KisTrader.Simulator.State.v1";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Lock _fileGate = new();
    private readonly string? _directory;
    private readonly IDataProtector? _protector;
    private readonly ILogger _logger;

    public StateStore(string? directory, IDataProtector? protector, ILogger logger)
    {
        _directory = directory;
        _logger = logger;
        if (directory is not null)
            _protector = protector ?? DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(directory, KeysDirectoryName)),
                o => o.SetApplicationName("KisTrader.Simulator")).CreateProtector(Purpose);
    }

    public bool Enabled => _directory is not null;
    public string? FilePath => _directory is null ? null : Path.Combine(_directory, FileName);

    public StateModel? Load()
    {
        if (FilePath is not { } path || !File.Exists(path)) return null;
        StateModel? model;
        string? secrets;
        try
        {
            using var stream = File.OpenRead(path);
            var node = JsonNode.Parse(stream)?.AsObject() ?? throw new JsonException("the state file holds no object");
            secrets = node[SecretsProperty]?.GetValue<string>();
            node.Remove(SecretsProperty);
            model = node.Deserialize<StateModel>(Json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // A corrupt file must not be silently overwritten: keep it aside for inspection.
            var aside = path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            File.Move(path, aside);
            _logger.LogError(ex, "Simulator state file was unreadable; moved to {Path} and starting fresh", aside);
            return null;
        }
        if (model is null) return null;
        if (secrets is not null) RestoreSecrets(model, secrets);
        else if (model.Tokens.Count + model.ApprovalKeys.Count > 0)
            _logger.LogInformation("Simulator state file kept its tokens in clear (an older version); they are encrypted from the next save");
        return model;
    }

    /// <summary>Keys lost or changed: the tokens are gone, nothing else. A client whose token the simulator no longer
    /// knows is told it expired and asks for a new one.</summary>
    private void RestoreSecrets(StateModel model, string secrets)
    {
        try
        {
            var plain = JsonSerializer.Deserialize<StateSecrets>(_protector!.Unprotect(secrets), Json) ?? new StateSecrets([], []);
            model.Tokens = plain.Tokens;
            model.ApprovalKeys = plain.ApprovalKeys;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            model.Tokens = [];
            model.ApprovalKeys = [];
            _logger.LogWarning("The simulator's issued tokens could not be decrypted ({Error}); clients will be issued new ones", ex.GetType().Name);
        }
    }

    public void Save(StateModel state)
    {
        if (FilePath is not { } path) return;
        var node = JsonSerializer.SerializeToNode(state, Json)!.AsObject();
        node.Remove(nameof(StateModel.Tokens));
        node.Remove(nameof(StateModel.ApprovalKeys));
        node[nameof(StateModel.Version)] = StateModel.CurrentVersion;
        node[SecretsProperty] = _protector!.Protect(JsonSerializer.Serialize(new StateSecrets(state.Tokens, state.ApprovalKeys), Json));
        lock (_fileGate)
        {
            Directory.CreateDirectory(_directory!);
            var temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                using (var writer = new Utf8JsonWriter(stream)) node.WriteTo(writer);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
    }

    private sealed record StateSecrets(List<IssuedToken> Tokens, List<ApprovalKey> ApprovalKeys);
}
