using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KisTrader.Simulator;

/// <summary>
/// The state file (StateDirectory/simulator-state.json). Written whole to a temporary file, flushed,
/// then moved over the old one, so a crash leaves either the old or the new state, never half of one.
/// </summary>
internal sealed class StateStore(string? directory, ILogger logger)
{
    public const string FileName = "simulator-state.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Lock _fileGate = new();

    public bool Enabled => directory is not null;
    public string? FilePath => directory is null ? null : Path.Combine(directory, FileName);

    public StateModel? Load()
    {
        if (FilePath is not { } path || !File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<StateModel>(stream, Json);
        }
        catch (JsonException ex)
        {
            // A corrupt file must not be silently overwritten: keep it aside for inspection.
            var aside = path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            File.Move(path, aside);
            logger.LogError(ex, "Simulator state file was unreadable; moved to {Path} and starting fresh", aside);
            return null;
        }
    }

    public void Save(StateModel state)
    {
        if (FilePath is not { } path) return;
        lock (_fileGate)
        {
            Directory.CreateDirectory(directory!);
            var temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, state, Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
    }
}
