namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// The ids resting in the generator's book, for picking one to cancel uniformly at random. Removal
/// moves the last id into the gap; the positions this leaves decide which id a random index picks,
/// so they follow the Python generator's list exactly.
/// </summary>
internal sealed class LiveOrders
{
    private readonly List<long> _ids = [];
    private readonly Dictionary<long, int> _positions = [];

    public int Count => _ids.Count;

    public long this[int index] => _ids[index];

    public void Add(long id)
    {
        _positions.Add(id, _ids.Count);
        _ids.Add(id);
    }

    public void Remove(long id)
    {
        _positions.Remove(id, out int position);
        long last = _ids[^1];
        _ids.RemoveAt(_ids.Count - 1);
        if (last != id)
        {
            _ids[position] = last;
            _positions[last] = position;
        }
    }
}
