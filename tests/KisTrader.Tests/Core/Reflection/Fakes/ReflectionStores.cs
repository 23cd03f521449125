using System.Collections.Concurrent;
using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;

namespace KisTrader.Tests.Core.Reflection.Fakes;

/// <summary>The product's in-memory prompt store, with a delay before each add (to widen the window a test needs).</summary>
internal sealed class InMemoryPromptStore : IPromptStore
{
    private readonly InMemoryPromptVersionStore _store = new();

    /// <summary>Widens the window between reading and adding, to expose unserialised changes.</summary>
    public TimeSpan AddDelay { get; set; }

    public IReadOnlyList<PromptVersion> All => _store.All;

    public Task<PromptVersion?> GetActiveAsync(string promptName, CancellationToken ct = default) => _store.GetActiveAsync(promptName, ct);

    public Task<PromptVersion?> GetAsync(string promptName, int version, CancellationToken ct = default) => _store.GetAsync(promptName, version, ct);

    public Task<IReadOnlyList<PromptVersion>> ListAsync(string promptName, CancellationToken ct = default) => _store.ListAsync(promptName, ct);

    public async Task AddAsync(PromptVersion version, CancellationToken ct = default)
    {
        if (AddDelay > TimeSpan.Zero) await Task.Delay(AddDelay, ct);
        await _store.AddAsync(version, ct);
    }

    public Task<bool> ActivateAsync(string promptName, int version, CancellationToken ct = default) => _store.ActivateAsync(promptName, version, ct);
}

/// <summary>The product's in-memory report store, recording every save.</summary>
internal sealed class InMemoryReportStore : IReflectionReportStore
{
    private readonly InMemoryReflectionReportStore _store = new();

    /// <summary>Every save in order (Running, …, Completed).</summary>
    public readonly ConcurrentQueue<ReflectionReport> Saves = new();

    public async Task SaveAsync(ReflectionReport report, CancellationToken ct = default)
    {
        await _store.SaveAsync(report, ct);
        Saves.Enqueue(report);
    }

    public Task<ReflectionReport?> GetAsync(string reportId, CancellationToken ct = default) => _store.GetAsync(reportId, ct);

    public Task<IReadOnlyList<ReflectionReport>> ListAsync(int count = 50, CancellationToken ct = default) => _store.ListAsync(count, ct);
}

internal sealed class RecordingArchive : IPromptArchive
{
    public readonly ConcurrentQueue<(int Version, string Change)> Records = new();
    public bool Fail { get; set; }

    public Task RecordAsync(PromptVersion version, string change, CancellationToken ct = default)
    {
        if (Fail) throw new IOException("disk full");
        Records.Enqueue((version.Version, change));
        return Task.CompletedTask;
    }
}
