using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KisTrader.Core.Market.Analysis;

/// <summary>
/// An indicator dictionary whose costlier values are computed on first read. Which keys exist is known up front (an
/// indicator is present when it is warmed up, which is a matter of counting bars), so <see cref="ContainsKey"/> and
/// <see cref="Count"/> compute nothing; reading a deferred key runs the computation that fills it (and the other keys
/// of its group). Keys keep the order they were added in, as a <see cref="Dictionary{TKey,TValue}"/> would, so
/// enumerating (which computes everything) gives the same sequence as the eager dictionary.
/// A backtest's rules engine reads a few indicators of each ticker; the rest are computed only when someone asks.
/// Not thread-safe, like the dictionary it stands in for.
/// </summary>
public sealed class DeferredIndicators : IDictionary<string, decimal>, IReadOnlyDictionary<string, decimal>
{
    // Sized for the analysis's keys (about 20), so filling one does not grow it.
    private readonly List<string> _order = new(24);
    private readonly Dictionary<string, decimal> _values = new(24, StringComparer.Ordinal);
    private readonly Dictionary<string, Action<DeferredIndicators>> _pending = new(8, StringComparer.Ordinal);

    /// <summary>Adds a key whose value is known.</summary>
    public void Add(string key, decimal value)
    {
        if (ContainsKey(key)) throw new ArgumentException($"An indicator '{key}' is already present.", nameof(key));
        _order.Add(key);
        _values[key] = value;
    }

    /// <summary>Adds a key whose value <paramref name="compute"/> supplies (through <see cref="Resolve"/>) when first read.</summary>
    public void AddDeferred(string key, Action<DeferredIndicators> compute)
    {
        if (ContainsKey(key)) throw new ArgumentException($"An indicator '{key}' is already present.", nameof(key));
        _order.Add(key);
        _pending[key] = compute;
    }

    /// <summary>Called by a deferred computation: the value of a key it was registered for (ignored when the key was
    /// overwritten or removed since).</summary>
    public void Resolve(string key, decimal value)
    {
        if (_pending.Remove(key)) _values[key] = value;
    }

    private void Force(string key)
    {
        if (!_pending.TryGetValue(key, out var compute)) return;
        compute(this);
        if (_pending.ContainsKey(key)) throw new InvalidOperationException($"The deferred computation of '{key}' did not supply it.");
    }

    public decimal this[string key]
    {
        get
        {
            Force(key);
            return _values[key];
        }
        set
        {
            if (!_pending.Remove(key) && !_values.ContainsKey(key)) _order.Add(key);
            _values[key] = value;
        }
    }

    public int Count => _order.Count;
    public bool IsReadOnly => false;
    public bool ContainsKey(string key) => _values.ContainsKey(key) || _pending.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out decimal value)
    {
        Force(key);
        return _values.TryGetValue(key, out value);
    }

    public bool Remove(string key)
    {
        if (!_values.Remove(key) && !_pending.Remove(key)) return false;
        _order.Remove(key);
        return true;
    }

    public void Clear()
    {
        _order.Clear();
        _values.Clear();
        _pending.Clear();
    }

    public ICollection<string> Keys => [.. _order];
    public ICollection<decimal> Values => [.. this.Select(kv => kv.Value)];
    IEnumerable<string> IReadOnlyDictionary<string, decimal>.Keys => Keys;
    IEnumerable<decimal> IReadOnlyDictionary<string, decimal>.Values => Values;

    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator()
    {
        foreach (var key in _order.ToArray())
        {
            Force(key);
            yield return new KeyValuePair<string, decimal>(key, _values[key]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public void Add(KeyValuePair<string, decimal> item) => Add(item.Key, item.Value);
    public bool Contains(KeyValuePair<string, decimal> item) => TryGetValue(item.Key, out var v) && v == item.Value;
    public bool Remove(KeyValuePair<string, decimal> item) => Contains(item) && Remove(item.Key);

    public void CopyTo(KeyValuePair<string, decimal>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var kv in this) array[arrayIndex++] = kv;
    }
}
