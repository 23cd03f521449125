using KisTrader.Kis.Auth;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>Hands out approval-key-1, approval-key-2… : a new one only when forced. Records every call.</summary>
internal sealed class FakeApprovalKeySource : IApprovalKeySource
{
    private readonly object _gate = new();
    private readonly List<bool> _calls = [];
    private int _generation = 1;

    public IReadOnlyList<bool> Calls
    {
        get
        {
            lock (_gate)
                return _calls.ToArray();
        }
    }

    public string Current
    {
        get
        {
            lock (_gate)
                return KeyFor(_generation);
        }
    }

    public static string KeyFor(int generation) => $"approval-key-{generation}-0000-1111-222222222222";

    public Task<string> GetApprovalKeyAsync(bool forceNew, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _calls.Add(forceNew);
            if (forceNew)
                _generation++;
            return Task.FromResult(KeyFor(_generation));
        }
    }
}
