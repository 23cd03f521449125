using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Execution;

/// <summary>One balance read per run. A run's first node reads the balance here; the risk checks that follow (the
/// preview, then one per order sent) reuse that read while it is younger than <c>maxAge</c> instead of asking the broker
/// again each time (KIS paper accounts allow about one REST call a second). What happened since the read is added from
/// our own ledger by <see cref="RiskContextBuilder"/>, so a reused read never lets cash be spent twice.</summary>
public sealed class AccountSnapshots(IAccountReader account, TimeProvider time, TimeSpan maxAge)
{
    private readonly Lock _gate = new();
    private AccountRead? _last;

    /// <summary>Reads the balance from the broker and keeps it for the checks that follow.</summary>
    public async Task<AccountRead> ReadAsync(CancellationToken ct = default)
    {
        // Taken before the request: anything our ledger records from this instant on is counted as not in the balance.
        var before = time.GetUtcNow();
        var read = new AccountRead(await account.GetBalanceAsync(ct), before);
        lock (_gate)
            if (_last is null || _last.ReadAt <= read.ReadAt) _last = read;
        return read;
    }

    /// <summary>The kept read when it is younger than the maximum age, else a new one.</summary>
    public Task<AccountRead> RecentAsync(CancellationToken ct = default)
    {
        AccountRead? last;
        lock (_gate) last = _last;
        return last is not null && time.GetUtcNow() - last.ReadAt <= maxAge ? Task.FromResult(last) : ReadAsync(ct);
    }
}

/// <summary>A balance and the moment just before it was asked for.</summary>
public sealed record AccountRead(AccountBalance Balance, DateTimeOffset ReadAt);
