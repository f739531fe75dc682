namespace Exchange.Grains.Reservations;

/// <summary>
/// What each order of a reservation holder takes (a tenant's credit, a cluster's time), by order key, counted into the
/// holder's running totals as an entry is set and out of them as it is replaced or dropped: every new order reads those
/// totals, a holder's orders number thousands, and counting through one path keeps the totals equal to the entries.
/// </summary>
/// <param name="count">Adds (+1) or removes (-1) an entry's share of the totals; exact, so removing undoes adding.</param>
public sealed class Footprints<TEntry>(Action<TEntry, int> count)
    where TEntry : class
{
    private readonly Dictionary<string, TEntry> _entries = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, TEntry>> Entries => _entries;

    public IEnumerable<TEntry> Values => _entries.Values;

    public TEntry? Find(string key) => _entries.GetValueOrDefault(key);

    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>Sets an order's entry, replacing (and uncounting) the one it had.</summary>
    public void Set(string key, TEntry entry)
    {
        if (_entries.TryGetValue(key, out var previous))
        {
            count(previous, -1);
        }

        _entries[key] = entry;
        count(entry, +1);
    }

    /// <summary>Drops an order's entry; false when it had none.</summary>
    public bool Remove(string key)
    {
        if (!_entries.Remove(key, out var entry))
        {
            return false;
        }

        count(entry, -1);
        return true;
    }

    /// <summary>Drops every entry <paramref name="drop"/> picks; returns how many.</summary>
    public int RemoveWhere(Func<TEntry, bool> drop)
    {
        var keys = _entries.Where(e => drop(e.Value)).Select(e => e.Key).ToList();
        foreach (var key in keys)
        {
            Remove(key);
        }

        return keys.Count;
    }
}
